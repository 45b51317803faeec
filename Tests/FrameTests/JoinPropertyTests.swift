import Testing
import Frame
import TestSupport

/// Joins on randomized inputs against a nested-loop reference written row by row from the
/// documented rules (null keys never match; floats by total equality; the documented row order),
/// compared exactly, cell by cell and in order.
@Suite struct JoinPropertyTests {
    /// A random key or payload column: small value domains so that keys repeat on both sides.
    private static func randomColumn(
        _ name: String, _ type: DataType, _ count: Int, domain: Int, nullShare: Int, _ random: inout SplitMix64
    ) -> Column {
        let valid = (0..<count).map { _ in random.below(100) >= nullShare }
        switch type {
        case .int:
            return Column(name: name, ints: (0..<count).map { _ in Int64(random.below(domain)) - 1 }, validity: valid)
        case .float:
            let choices: [Double] = [0.0, -0.0, .nan, 1.5, -2.25, 1e300, 3]
            return Column(name: name, floats: (0..<count).map { _ in choices[random.below(min(domain, choices.count))] }, validity: valid)
        case .bool:
            return Column(name: name, bools: (0..<count).map { _ in random.below(2) == 1 }, validity: valid)
        case .timestamp:
            return Column(name: name, timestamps: (0..<count).map { _ in Int64(random.below(domain)) * 1_000_000 }, validity: valid)
        case .duration:
            return Column(name: name, durations: (0..<count).map { _ in Int64(random.below(domain)) << 40 }, validity: valid)
        case .string:
            let words = ["", "a", "b", "ab", "long string over sixteen", "é", "a\u{0}", "ba"]
            return Column(name: name, strings: (0..<count).map { index -> String? in
                valid[index] ? words[random.below(min(domain, words.count))] : nil
            })
        }
    }

    /// Total equality of two key cells: both non-null and equal, NaN equal to NaN, -0.0 to 0.0.
    private static func keyEqual(_ a: Scalar, _ b: Scalar) -> Bool {
        if case .null = a { return false }
        if case .null = b { return false }
        if case .float(let x) = a, case .float(let y) = b { return (x.isNaN && y.isNaN) || x == y }
        return a == b
    }

    private static func text(_ value: Scalar) -> String {
        switch value {
        case .float(let v): return "f" + NumberFormatting.shortest(v)
        default: return String(describing: value)
        }
    }

    /// The reference join: nested loops over Swift values, in the documented order.
    private static func reference(
        _ left: DataFrame, _ right: DataFrame, leftOn: [String], rightOn: [String], how: JoinKind, suffix: String
    ) -> (names: [String], rows: [[String]]) {
        func cell(_ frame: DataFrame, _ name: String, _ row: Int?) -> Scalar {
            guard let row, let column = frame.column(named: name) else { return .null }
            return column.scalar(at: row)
        }
        func matches(_ l: Int, _ r: Int) -> Bool {
            zip(leftOn, rightOn).allSatisfy { keyEqual(cell(left, $0.0, l), cell(right, $0.1, r)) }
        }
        var names = left.columnNames
        let rightNames = right.columnNames.filter { !rightOn.contains($0) }
        if how != .semi && how != .anti {
            for name in rightNames { names.append(left.columnNames.contains(name) ? name + suffix : name) }
        }
        func row(_ l: Int?, _ r: Int?) -> [String] {
            var cells: [String] = []
            for name in left.columnNames {
                var value = cell(left, name, l)
                if l == nil || how == .right, let position = leftOn.firstIndex(of: name) {
                    value = cell(right, rightOn[position], r)
                }
                cells.append(text(value))
            }
            if how != .semi && how != .anti {
                for name in rightNames { cells.append(text(cell(right, name, r))) }
            }
            return cells
        }
        var rows: [[String]] = []
        switch how {
        case .inner, .left, .outer:
            for l in 0..<left.height {
                var found = false
                for r in 0..<right.height where matches(l, r) {
                    rows.append(row(l, r))
                    found = true
                }
                if !found && how != .inner { rows.append(row(l, nil)) }
            }
            if how == .outer {
                for r in 0..<right.height where !(0..<left.height).contains(where: { matches($0, r) }) {
                    rows.append(row(nil, r))
                }
            }
        case .right:
            for r in 0..<right.height {
                var found = false
                for l in 0..<left.height where matches(l, r) {
                    rows.append(row(l, r))
                    found = true
                }
                if !found { rows.append(row(nil, r)) }
            }
        case .semi, .anti:
            for l in 0..<left.height where (0..<right.height).contains(where: { matches(l, $0) }) == (how == .semi) {
                rows.append(row(l, nil))
            }
        }
        return (names, rows)
    }

    private static func rows(_ frame: DataFrame) -> [[String]] {
        (0..<frame.height).map { row in frame.columns.map { text($0.scalar(at: row)) } }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomJoinsMatchTheNestedLoopReference(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed) &* 0x1234_5678_9ABC_DEF1)
        let types: [DataType] = [.int, .float, .bool, .string, .timestamp, .duration]
        for _ in 0..<12 {
            let keyCount = 1 + random.below(3)
            let keyTypes = (0..<keyCount).map { _ in types[random.below(types.count)] }
            let leftHeight = random.below(40)
            let rightHeight = random.below(40)
            let domain = 2 + random.below(8)
            let nullShare = [0, 10, 30][random.below(3)]
            var leftColumns: [Column] = []
            var rightColumns: [Column] = []
            for (index, type) in keyTypes.enumerated() {
                leftColumns.append(Self.randomColumn("k\(index)", type, leftHeight, domain: domain, nullShare: nullShare, &random))
                rightColumns.append(Self.randomColumn("k\(index)", type, rightHeight, domain: domain, nullShare: nullShare, &random))
            }
            leftColumns.append(Self.randomColumn("p", .int, leftHeight, domain: 1000, nullShare: 20, &random))
            leftColumns.append(Self.randomColumn("s", .string, leftHeight, domain: 8, nullShare: 20, &random))
            rightColumns.append(Self.randomColumn("p", .float, rightHeight, domain: 7, nullShare: 20, &random))
            rightColumns.append(Self.randomColumn("q", .string, rightHeight, domain: 8, nullShare: 20, &random))
            // Shuffle the right frame's column order so keys are not always first.
            rightColumns.reverse()
            let left = try DataFrame(columns: leftColumns)
            let right = try DataFrame(columns: rightColumns)
            let keys = (0..<keyCount).map { "k\($0)" }
            for how in JoinKind.allCases {
                let joined = try left.join(right, on: keys, how: how)
                let expected = Self.reference(left, right, leftOn: keys, rightOn: keys, how: how, suffix: "_right")
                #expect(joined.columnNames == expected.names, "\(how) seed \(seed)")
                #expect(Self.rows(joined) == expected.rows, "\(how) seed \(seed) keys \(keyTypes)")
                for column in joined.columns {
                    let source = left.column(named: column.name) ?? right.column(named: column.name)
                    if let source { #expect(column.type == source.type) }
                }
            }
        }
    }

    @Test func largeRandomIntJoinsMatchTheReferenceCounts() throws {
        // Bigger inputs exercise the hash table (wide keys) and the direct table (dense keys).
        var random = SplitMix64(state: 99)
        for wide in [false, true] {
            let leftKeys = (0..<3000).map { _ in wide ? Int64(bitPattern: random.next() % 500 &* 0x9E37_79B9_7F4A_7C15) : Int64(random.below(500)) }
            let rightKeys = (0..<700).map { _ in wide ? Int64(bitPattern: random.next() % 600 &* 0x9E37_79B9_7F4A_7C15) : Int64(random.below(600)) }
            let left = try DataFrame(columns: [Column(name: "k", ints: leftKeys), Column(name: "i", ints: (0..<3000).map(Int64.init))])
            let right = try DataFrame(columns: [Column(name: "k", ints: rightKeys), Column(name: "j", ints: (0..<700).map(Int64.init))])
            var expected: [[Int64]] = []
            var rightRows: [Int64: [Int64]] = [:]
            for (j, key) in rightKeys.enumerated() { rightRows[key, default: []].append(Int64(j)) }
            for (i, key) in leftKeys.enumerated() {
                for j in rightRows[key] ?? [] { expected.append([key, Int64(i), j]) }
            }
            let joined = try left.join(right, on: ["k"])
            let actual = (0..<joined.height).map { row in joined.columns.map { column -> Int64 in
                if case .int(let v) = column.scalar(at: row) { return v }
                return -1
            } }
            #expect(actual == expected)
        }
    }

    @Test func inputsAboveTheParallelThresholdGiveTheSameRows() throws {
        // Over 2^20 probe rows the probe and the gathers are split over cores; check every row.
        let count = (1 << 20) + 4099
        var random = SplitMix64(state: 5)
        let keys = (0..<count).map { _ in Int64(random.below(1200)) - 100 }
        let left = try DataFrame(columns: [Column(name: "k", ints: keys)])
        let names = (0..<1000).map { $0 % 3 == 0 ? String(repeating: "n", count: $0 % 40) : "x\($0)" }
        let right = try DataFrame(columns: [
            Column(name: "k", ints: (0..<1000).map(Int64.init)),
            Column(name: "name", strings: names),
            Column(name: "w", floats: (0..<1000).map { Double($0) / 4 }, validity: (0..<1000).map { $0 % 7 != 0 }),
        ])
        let joined = try left.join(right, on: ["k"], how: .left)
        #expect(joined.height == count)
        let name = try #require(joined.column(named: "name"))
        let weight = try #require(joined.column(named: "w"))
        var mismatches = 0
        for row in 0..<count {
            let key = Int(keys[row])
            let matched = key >= 0 && key < 1000
            let expectedName: Scalar = matched ? .string(names[key]) : .null
            let expectedWeight: Scalar = matched && key % 7 != 0 ? .float(Double(key) / 4) : .null
            if name.scalar(at: row) != expectedName || weight.scalar(at: row) != expectedWeight { mismatches += 1 }
        }
        #expect(mismatches == 0)
        let inner = try left.join(right, on: ["k"])
        let matchedRows = (0..<count).filter { keys[$0] >= 0 && keys[$0] < 1000 }
        #expect(inner.height == matchedRows.count)
        #expect(inner.column(named: "k")?.int64Values?.array == matchedRows.map { keys[$0] })
        #expect(try left.join(right, on: ["k"], how: .semi).column(named: "k")?.int64Values?.array == matchedRows.map { keys[$0] })
        #expect(try left.join(right, on: ["k"], how: .anti).column(named: "k")?.int64Values?.array
            == keys.filter { $0 < 0 || $0 >= 1000 })
        #expect(inner.column(named: "name")?.stringValues?.bytes.count == keys.reduce(0) { total, key in
            key >= 0 && key < 1000 ? total + names[Int(key)].utf8.count : total
        })
    }
}

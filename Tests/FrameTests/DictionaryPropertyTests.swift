import Testing
import Frame
import TestSupport

/// Every verb that touches strings gives the same answer on dictionary-encoded string columns as on
/// the equivalent plain columns: random frames (SplitMix64) with nulls, empty and one-row frames,
/// dictionaries whose tables are in arbitrary order and hold entries no row uses.
@Suite struct DictionaryPropertyTests {
    static let words = ["", "a", "b", "ab", "ba", "zz", "é€", "dddddddd", "eeeeeeeee", "a longer string of text", "NA", "x,\"y\""]

    /// A plain frame: string keys `k` and `k2` (few values, nulls), a string `s` (more values), a
    /// string of digits `n`, an int and a float.
    static func plainFrame(_ random: inout SplitMix64, rows: Int) throws -> DataFrame {
        let keyCount = 1 + random.below(words.count)
        let nullChance = [0, 10, 50][random.below(3)]
        func key(_ count: Int) -> [String?] {
            (0..<rows).map { _ in random.below(100) < nullChance ? nil : words[random.below(count)] }
        }
        let strings: [String?] = (0..<rows).map { _ in random.below(8) == 0 ? nil : "s\(random.below(max(1, rows / 2)))" }
        let digits: [String?] = (0..<rows).map { _ in random.below(9) == 0 ? nil : "\(random.below(20) - 5)" }
        return try DataFrame(columns: [
            Column(name: "k", strings: key(keyCount)),
            Column(name: "i", ints: (0..<rows).map { _ in Int64(random.below(7)) - 3 }, validity: (0..<rows).map { _ in random.below(6) != 0 }),
            Column(name: "k2", strings: key(1 + random.below(words.count))),
            Column(name: "s", strings: strings),
            Column(name: "n", strings: digits),
            Column(name: "f", floats: (0..<rows).map { _ in Double(random.below(100)) / 4 }),
        ])
    }

    /// The frame with every string column dictionary-encoded: half the time through
    /// `dictionaryEncoded()`, else with a table in random order padded with unused entries and
    /// random codes under null rows.
    static func encoded(_ frame: DataFrame, _ random: inout SplitMix64) throws -> DataFrame {
        var columns: [Column] = []
        for column in frame.columns {
            guard column.type == .string else {
                columns.append(column)
                continue
            }
            if random.below(2) == 0 {
                columns.append(column.dictionaryEncoded())
                continue
            }
            var table: [String] = []
            for row in 0..<column.count {
                if case .string(let value) = column.scalar(at: row), !table.contains(value) { table.append(value) }
            }
            for extra in ["unused", "zzz-unused", ""] where random.below(2) == 0 && !table.contains(extra) { table.append(extra) }
            if table.isEmpty { table.append("only") }
            for index in stride(from: table.count - 1, to: 0, by: -1) { table.swapAt(index, random.below(index + 1)) }
            var codes: [UInt32] = []
            var valid: [Bool] = []
            for row in 0..<column.count {
                if case .string(let value) = column.scalar(at: row), let index = table.firstIndex(of: value) {
                    codes.append(UInt32(index))
                    valid.append(true)
                } else {
                    codes.append(UInt32(random.below(table.count)))
                    valid.append(false)
                }
            }
            columns.append(try Column(name: column.name, codes: codes, values: table, validity: valid))
        }
        return try DataFrame(columns: columns)
    }

    /// Both results equal, or both the same error.
    static func same(_ plain: DataFrame, _ dictionary: DataFrame, _ verb: (DataFrame) throws -> DataFrame) -> Bool {
        let expected = Result(catching: { try verb(plain) })
        let actual = Result(catching: { try verb(dictionary) })
        switch (expected, actual) {
        case (.success(let a), .success(let b)):
            return a == b && TableRenderer.render(a, style: wide) == TableRenderer.render(b, style: wide)
        case (.failure(let a as FrameError), .failure(let b as FrameError)):
            return a.message == b.message
        default:
            return false
        }
    }

    static var wide: TableStyle {
        var style = TableStyle()
        style.maxRows = -1
        style.maxWidth = 1000
        return style
    }

    static let sizes = [0, 1, 2, 3, 17, 64, 200]

    @Test(arguments: 0..<30)
    func rowVerbsMatchPlain(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let rows = DictionaryPropertyTests.sizes[Int(seed) % DictionaryPropertyTests.sizes.count]
        let plain = try DictionaryPropertyTests.plainFrame(&random, rows: rows)
        let dictionary = try DictionaryPropertyTests.encoded(plain, &random)
        let encodedAgrees = dictionary == plain
        #expect(encodedAgrees)
        let word = DictionaryPropertyTests.words[random.below(DictionaryPropertyTests.words.count)]
        let verbs: [(String, (DataFrame) throws -> DataFrame)] = [
            ("filter ==", { try $0.filter(col("k") == lit(word)) }),
            ("filter !=", { try $0.filter(.binary(.notEqual, lit(word), col("k"))) }),
            ("filter <", { try $0.filter(col("k") < lit(word)) }),
            ("filter >=", { try $0.filter(.binary(.greaterEqual, lit(word), col("k2"))) }),
            ("filter key == key", { try $0.filter(col("k") == col("k2")) }),
            ("filter key < key", { try $0.filter(col("k") < col("k2")) }),
            ("filter int", { try $0.filter(col("i") > lit(0)) }),
            ("filter string fn", { try $0.filter(.call("contains", [col("k"), lit("a")])) }),
            ("sort", { try $0.sorted(by: [SortKey("k"), SortKey("i", descending: true)]) }),
            ("sort desc", { try $0.sorted(by: [SortKey("k2", descending: true), SortKey("k")]) }),
            ("sort strings", { try $0.sorted(by: [SortKey("s"), SortKey("f")]) }),
            ("sort order", { try $0.gather($0.sortOrder(by: [SortKey("k", descending: true), SortKey("n")])) }),
            ("head", { $0.head(5) }),
            ("tail", { $0.tail(3) }),
            ("slice", { $0.slice(1..<4) }),
            ("gather", { $0.gather(Array((0..<$0.height).reversed())) }),
            ("unique first", { try $0.unique(subset: ["k"]) }),
            ("unique last", { try $0.unique(subset: ["k", "k2"], keep: .last) }),
            ("unique none", { try $0.unique(subset: ["k2"], keep: .none) }),
            ("distinct", { $0.distinct() }),
            ("cast int", { try $0.cast([(column: "n", type: .int)]) }),
            ("cast float", { try $0.cast([(column: "n", type: .float)]) }),
            ("cast error", { try $0.cast([(column: "k", type: .int)]) }),
            ("cast string", { try $0.cast([(column: "k", type: .string), (column: "i", type: .string)]) }),
            ("fill_null", { try $0.fillNull(.string("zz")) }),
            ("fill_null new", { try $0.fillNull(.string("new value")) }),
            ("fill_null column", { try $0.fillNull([(column: "k", value: col("k2"))]) }),
            ("fill_null expr", { try $0.fillNull([(column: "k2", value: lit("a"))]) }),
            ("drop_nulls", { try $0.dropNulls(subset: ["k"]) }),
            ("drop_nulls all", { try $0.dropNulls() }),
            ("is_null", { try $0.with([(name: "null", expr: .call("is_null", [col("k")])),
                                        (name: "valid", expr: .call("is_not_null", [col("k2")]))]) }),
            ("concat constant", { try $0.with([(name: "x", expr: col("k") + lit("_x")), (name: "y", expr: lit("p:") + col("k2"))]) }),
            ("concat columns", { try $0.with([(name: "x", expr: col("k") + col("s"))]) }),
            ("string functions", { try $0.with([(name: "u", expr: .call("upper", [col("k")])), (name: "l", expr: .call("len", [col("k2")])),
                                               (name: "r", expr: .call("replace", [col("k"), lit("a"), lit("A")])),
                                               (name: "t", expr: .call("trim", [col("s")]))]) }),
            ("coalesce", { try $0.with([(name: "c", expr: .binary(.coalesce, col("k"), col("s")))]) }),
            ("describe", { try $0.describe() }),
            ("select", { try $0.select(["k2", "k"]) }),
        ]
        for (name, verb) in verbs {
            let agrees = DictionaryPropertyTests.same(plain, dictionary, verb)
            #expect(agrees, "\(name), seed \(seed), rows \(rows)")
        }
        #expect(plain.csvBytes() == dictionary.csvBytes(), "write_csv, seed \(seed)")
        #expect(TableRenderer.render(plain) == TableRenderer.render(dictionary), "display, seed \(seed)")
        // The row verbs keep the codes.
        #expect(try dictionary.filter(col("i") > lit(0)).column(named: "k")?.isDictionaryEncoded == true)
        #expect(try dictionary.sorted(by: [SortKey("k")]).column(named: "k")?.isDictionaryEncoded == true)
        #expect(dictionary.head(2).column(named: "k2")?.isDictionaryEncoded == true)
    }

    @Test(arguments: 0..<30)
    func groupByMatchesPlain(seed: UInt64) throws {
        var random = SplitMix64(state: seed &+ 1000)
        let rows = DictionaryPropertyTests.sizes[Int(seed) % DictionaryPropertyTests.sizes.count]
        let plain = try DictionaryPropertyTests.plainFrame(&random, rows: rows)
        let dictionary = try DictionaryPropertyTests.encoded(plain, &random)
        let aggregations: [(name: String, aggregation: Aggregation)] = [
            ("rows", .count), ("count", .count(col("s"))), ("first", .first(col("s"))), ("last", .last(col("k2"))),
            ("n_unique", .nUnique(col("k2"))), ("min", .min(col("k2"))), ("max", .max(col("s"))), ("sum", .sum(col("i"))),
        ]
        for keys in [["k"], ["k", "k2"], ["i", "k"], ["s"], []] {
            let agrees = DictionaryPropertyTests.same(plain, dictionary) { try $0.groupBy(keys).aggregate(aggregations) }
            #expect(agrees, "group_by \(keys), seed \(seed), rows \(rows)")
        }
        let windowsAgree = DictionaryPropertyTests.same(plain, dictionary) { frame in
            let ranks = try frame.window(.rank(col("k"), .dense), partitionBy: ["k2"], orderBy: [SortKey("i")])
            let numbers = try frame.window(.rowNumber, partitionBy: ["k"], orderBy: [SortKey("s")])
            let firsts = try frame.window(.first(col("k2")), partitionBy: ["k"])
            return try DataFrame(columns: [ranks, numbers.renamed("n"), firsts.renamed("f")])
        }
        #expect(windowsAgree, "window, seed \(seed)")
    }

    @Test(arguments: 0..<24)
    func joinsMatchPlain(seed: UInt64) throws {
        var random = SplitMix64(state: seed &+ 2000)
        let sizes = DictionaryPropertyTests.sizes
        let left = try DictionaryPropertyTests.plainFrame(&random, rows: sizes[Int(seed) % sizes.count])
        let right = try DictionaryPropertyTests.plainFrame(&random, rows: sizes[random.below(sizes.count)])
        let leftCodes = try DictionaryPropertyTests.encoded(left, &random)
        let rightCodes = try DictionaryPropertyTests.encoded(right, &random)
        for how in JoinKind.allCases {
            for keys in [["k"], ["k", "k2"], ["k", "i"]] {
                let expected = Result(catching: { try left.join(right, on: keys, how: how) })
                let shapes = [(leftCodes, right), (left, rightCodes), (leftCodes, rightCodes)]
                for (shape, (a, b)) in shapes.enumerated() {
                    let actual = Result(catching: { try a.join(b, on: keys, how: how) })
                    switch (expected, actual) {
                    case (.success(let x), .success(let y)):
                        let agrees = x == y
                        #expect(agrees, "join \(how) on \(keys), shape \(shape), seed \(seed)")
                    case (.failure(let x as FrameError), .failure(let y as FrameError)):
                        #expect(x.message == y.message)
                    default:
                        Issue.record("join \(how) on \(keys): one side failed, seed \(seed)")
                    }
                }
            }
        }
        // Different key names, one side plain.
        let outerAgrees = DictionaryPropertyTests.same(left, leftCodes) { try $0.join(right, leftOn: ["k2"], rightOn: ["k"], how: .outer) }
        #expect(outerAgrees, "outer join on k2 = k, seed \(seed)")
    }

    @Test(arguments: 0..<16)
    func concatMatchesPlain(seed: UInt64) throws {
        var random = SplitMix64(state: seed &+ 3000)
        let sizes = DictionaryPropertyTests.sizes
        let first = try DictionaryPropertyTests.plainFrame(&random, rows: sizes[Int(seed) % sizes.count])
        let second = try DictionaryPropertyTests.plainFrame(&random, rows: sizes[random.below(sizes.count)])
        let firstCodes = try DictionaryPropertyTests.encoded(first, &random)
        let secondCodes = try DictionaryPropertyTests.encoded(second, &random)
        let expected = try DataFrame.concat([first, second])
        let cases = [
            ([firstCodes, second], [first, second]), ([first, secondCodes], [first, second]),
            ([firstCodes, secondCodes], [first, second]), ([firstCodes, firstCodes], [first, first]),
            ([secondCodes, firstCodes, secondCodes], [second, first, second]),
        ]
        for (parts, plainParts) in cases {
            let reference = try DataFrame.concat(plainParts)
            let actual = try DataFrame.concat(parts)
            let agrees = actual == reference
            #expect(agrees, "concat, seed \(seed)")
            // Concat, then the verbs that read codes.
            let groupsAgree = try actual.groupBy(["k"]).aggregate([("n", .count)]) == reference.groupBy(["k"]).aggregate([("n", .count)])
            let uniqueAgrees = try actual.unique(subset: ["k2"]) == reference.unique(subset: ["k2"])
            #expect(groupsAgree && uniqueAgrees, "concat then group_by/unique, seed \(seed)")
        }
        let both = try DataFrame.concat([firstCodes, secondCodes])
        let bothAgree = both == expected
        #expect(bothAgree)
        #expect(both.height == 0 || both.column(named: "k")?.isDictionaryEncoded == true)
    }

    /// Large enough that gathers, group indexes and sorts split over the cores.
    @Test func largeFramesMatchPlain() throws {
        var random = SplitMix64(state: 77)
        let plain = try DictionaryPropertyTests.plainFrame(&random, rows: 300_000)
        let dictionary = try DictionaryPropertyTests.encoded(plain, &random)
        let verbs: [(DataFrame) throws -> DataFrame] = [
            { try $0.filter(col("k") == lit("a")) },
            { try $0.filter(col("i") > lit(0)) },
            { try $0.sorted(by: [SortKey("k"), SortKey("i")]) },
            { try $0.groupBy(["k", "k2"]).aggregate([("n", .count), ("u", .nUnique(col("s"))), ("m", .min(col("k")))]) },
            { try $0.unique(subset: ["k2", "k"]) },
        ]
        for (index, verb) in verbs.enumerated() {
            let agrees = try verb(plain) == verb(dictionary)
            #expect(agrees, "verb \(index)")
        }
    }

    @Test func constructorChecksItsInput() throws {
        let column = try Column(name: "c", codes: [1, 0, 1, 2], values: ["x", "y", "z"], validity: [true, true, false, true])
        #expect(column.scalars == [.string("y"), .string("x"), .null, .string("z")])
        #expect(column.isDictionaryEncoded)
        #expect(column.plainEncoded() == column)
        #expect(!column.plainEncoded().isDictionaryEncoded)
        #expect(column.plainEncoded().dictionaryEncoded().dictionaryValues?.values.count == 3)
        #expect(frameError { try Column(name: "c", codes: [3], values: ["x"]) }?.message == "code 3 in row 0 of column 'c' is outside its 1 values")
        #expect(frameError { try Column(name: "c", codes: [0], values: ["x", "x"]) }?.message == "dictionary values of column 'c' must be distinct")
        #expect(frameError { try Column(name: "c", codes: [0], values: []) } != nil)
        let empty = try Column(name: "c", codes: [], values: [])
        #expect(empty.count == 0 && empty.type == .string)
        let allNull = Column(name: "c", strings: [nil, nil]).dictionaryEncoded()
        #expect(allNull.scalars == [.null, .null])
        #expect(allNull.dictionaryValues?.values.count == 1)
    }
}

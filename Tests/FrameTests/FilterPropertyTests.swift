import Testing
import Frame
import TestSupport

/// `filter` against a row-by-row reference: random frames of every column type with nulls, and
/// predicates with nulls (a null predicate drops the row), small and large enough to split over cores.
@Suite struct FilterPropertyTests {
    static func randomFrame(_ random: inout SplitMix64, rows: Int) throws -> DataFrame {
        let nullChance = [0, 3, 40][random.below(3)]
        func validity() -> [Bool]? { nullChance == 0 ? nil : (0..<rows).map { _ in random.below(100) >= nullChance } }
        let words = ["", "a", "bb", "ccc", "dddddddd", "eeeeeeeee", "é€", "a longer string of text"]
        return try DataFrame(columns: [
            Column(name: "i", ints: (0..<rows).map { _ in Int64(random.below(1000)) - 500 }, validity: validity()),
            Column(name: "f", floats: (0..<rows).map { _ in Double(random.below(2000)) / 8 - 100 }, validity: validity()),
            Column(name: "b", bools: (0..<rows).map { _ in random.below(2) == 0 }, validity: validity()),
            Column(name: "s", strings: (0..<rows).map { _ in random.below(20) == 0 ? nil : words[random.below(words.count)] }),
            Column(name: "t", timestamps: (0..<rows).map { _ in Int64(random.below(100)) }, validity: validity()),
        ])
    }

    static func check(_ frame: DataFrame, _ predicate: Expr, keep: (Int) -> Bool) throws -> Bool {
        let filtered = try frame.filter(predicate)
        let rows = (0..<frame.height).filter(keep)
        guard filtered.height == rows.count, filtered.columnNames == frame.columnNames else { return false }
        for (column, original) in zip(filtered.columns, frame.columns) {
            guard column.type == original.type else { return false }
            let values = original.scalars
            if column.scalars != rows.map({ values[$0] }) { return false }
        }
        return true
    }

    @Test(arguments: [0, 1, 2, 63, 64, 65, 1000, 300_000])
    func matchesTheRowByRowReference(rows: Int) throws {
        var random = SplitMix64(state: UInt64(rows) &+ 17)
        let frame = try Self.randomFrame(&random, rows: rows)
        let ints = frame.columns[0]
        let bools = frame.columns[2]
        let threshold = Int64(random.below(1000)) - 500
        #expect(try Self.check(frame, col("i") > lit(threshold)) { row in
            if case .int(let v) = ints.scalar(at: row) { return v > threshold }
            return false
        })
        #expect(try Self.check(frame, col("b")) { bools.scalar(at: $0) == .bool(true) })
        #expect(try Self.check(frame, col("i") > lit(Int64(10_000))) { _ in false })
        #expect(try Self.check(frame, lit(true)) { _ in true })
    }

    @Test func denseAndSparseSelections() throws {
        var random = SplitMix64(state: 3)
        let frame = try Self.randomFrame(&random, rows: 200_000)
        let ints = frame.columns[0]
        for threshold: Int64 in [-501, -499, 0, 498, 499] {
            #expect(try Self.check(frame, col("i") > lit(threshold)) { row in
                if case .int(let v) = ints.scalar(at: row) { return v > threshold }
                return false
            })
        }
    }
}

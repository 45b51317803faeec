import Testing
import Frame
import TestSupport

/// The cross join against a nested loop over the rows (left-major, right order inside), on
/// randomized frames of every type with nulls, plus names, empty sides and the size limit.
@Suite struct CrossJoinTests {
    /// The naive product: for each left row, each right row, the left cells then the right cells.
    private static func nestedLoop(_ left: DataFrame, _ right: DataFrame) -> [[Scalar]] {
        var rows: [[Scalar]] = []
        for i in 0..<left.height {
            for j in 0..<right.height {
                rows.append(left.columns.map { $0.scalar(at: i) } + right.columns.map { $0.scalar(at: j) })
            }
        }
        return rows
    }

    /// Cells compared exactly, NaN equal to NaN.
    private static func same(_ a: Scalar, _ b: Scalar) -> Bool {
        if case .float(let x) = a, case .float(let y) = b { return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) }
        return a == b
    }

    @Test func matchesTheNestedLoop() throws {
        var random = SplitMix64(state: 5)
        for round in 0..<24 {
            let left = try randomTestFrame(&random, rows: [0, 1, 3, 9, 70][round % 5], nan: true)
            let right = try randomTestFrame(&random, rows: [1, 0, 4, 65, 2, 7][round % 6], nan: true)
                .select(["s", "i", "t"])
            let joined = try left.crossJoin(right)
            #expect(joined.height == left.height * right.height)
            #expect(joined.columnNames == left.columnNames + ["s_right", "i_right", "t_right"])
            let expected = Self.nestedLoop(left, right)
            for (row, cells) in expected.enumerated() {
                for (index, cell) in cells.enumerated() {
                    #expect(Self.same(joined.columns[index].scalar(at: row), cell), "round \(round) row \(row) column \(index)")
                }
            }
        }
    }

    @Test func dictionaryStringsOnBothSides() throws {
        let left = try DataFrame(columns: [Column(name: "sport", strings: ["run", "ride", nil]).dictionaryEncoded()])
        let right = try DataFrame(columns: [
            Column(name: "level", strings: ["easy", "hard"]), Column(name: "sport", strings: ["swim", nil]).dictionaryEncoded(),
        ])
        #expect(left.columns[0].isDictionaryEncoded && right.columns[1].isDictionaryEncoded)
        let joined = try left.crossJoin(right, suffix: "_2")
        #expect(joined.columnNames == ["sport", "level", "sport_2"])
        #expect(joined.columns[0].scalars == [.string("run"), .string("run"), .string("ride"), .string("ride"), .null, .null])
        #expect(joined.columns[2].scalars == [.string("swim"), .null, .string("swim"), .null, .string("swim"), .null])
        #expect(joined == (try DataFrame(columns: Self.nestedLoopColumns(left, right, names: joined.columnNames))))
    }

    private static func nestedLoopColumns(_ left: DataFrame, _ right: DataFrame, names: [String]) throws -> [Column] {
        let rows = nestedLoop(left, right)
        var columns: [Column] = []
        for (index, name) in names.enumerated() {
            columns.append(try Column(name: name, scalars: rows.map { $0[index] }))
        }
        return columns
    }

    @Test func emptySidesKeepEveryColumn() throws {
        let left = try DataFrame(columns: [Column(name: "a", ints: [1, 2])])
        let none = try DataFrame(columns: [Column(name: "b", strings: [])])
        let result = try left.crossJoin(none)
        #expect(result.height == 0 && result.columnNames == ["a", "b"])
        #expect(try none.crossJoin(left).columnNames == ["b", "a"])
        #expect(try DataFrame().crossJoin(left).height == 0)
    }

    @Test func oneRowSideBroadcasts() throws {
        let left = try DataFrame(columns: [Column(name: "x", floats: [0.5, 1.5, 2.5], validity: [true, false, true])])
        let one = try DataFrame(columns: [Column(name: "x", ints: [7]), Column(name: "y", bools: [true])])
        let result = try left.crossJoin(one)
        #expect(result.columnNames == ["x", "x_right", "y"])
        #expect(result.columns[0].scalars == [.float(0.5), .null, .float(2.5)])
        #expect(result.columns[1].scalars == [.int(7), .int(7), .int(7)])
    }

    @Test func refusesHugeProductsNamingBothSizes() throws {
        let left = try DataFrame(columns: [Column(name: "a", repeating: .int(0), count: 100_000)])
        let right = try DataFrame(columns: [Column(name: "b", repeating: .int(0), count: 10_000)])
        let error = frameError { try left.crossJoin(right) }
        #expect(error?.message == "cross join of 100000 × 10000 rows would give 1000000000 rows (at most 500000000)")
    }

    @Test func suffixCollisionIsAnError() throws {
        let left = try DataFrame(columns: [Column(name: "a", ints: [1]), Column(name: "a_right", ints: [2])])
        let right = try DataFrame(columns: [Column(name: "a", ints: [3])])
        #expect(frameError { try left.crossJoin(right) }?.code == .duplicateColumn)
    }

    @Test func repeatAndTileColumns() {
        let column = Column(name: "s", strings: ["ab", nil, "c"])
        #expect(column.repeatingEach(2).scalars == [.string("ab"), .string("ab"), .null, .null, .string("c"), .string("c")])
        #expect(column.tiled(2).scalars == [.string("ab"), .null, .string("c"), .string("ab"), .null, .string("c")])
        #expect(column.tiled(0).count == 0 && column.repeatingEach(0).count == 0)
    }
}

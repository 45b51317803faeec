import Testing
import Frame

@Suite struct FrameOperationTests {
    let frame: DataFrame

    init() throws {
        frame = try DataFrame(columns: [
            Column(name: "id", ints: [1, 2, 3, 4, 5]),
            Column(name: "v", floats: [0.5, 2, 3.5, 1, 8], validity: [true, true, false, true, true]),
            Column(name: "tag", strings: ["a", "b", "c", nil, "e"]),
        ])
    }

    @Test func initChecksShapeAndNames() throws {
        let shape = try #require(frameError {
            try DataFrame(columns: [Column(name: "a", ints: [1, 2]), Column(name: "b", ints: [1])])
        })
        #expect(shape.code == .shapeMismatch)
        #expect(shape.message == "column 'b' has 1 rows, expected 2")
        let duplicate = try #require(frameError {
            try DataFrame(columns: [Column(name: "a", ints: [1]), Column(name: "a", ints: [1])])
        })
        #expect(duplicate.code == .duplicateColumn)
        #expect(frame.height == 5)
        #expect(frame.width == 3)
        #expect(frame.columnNames == ["id", "v", "tag"])
        #expect(frame.column(named: "v")?.type == .float)
        #expect(frame.column(named: "nope") == nil)
    }

    @Test func filterKeepsTrueRowsAndDropsNulls() throws {
        let kept = try frame.filter(col("v") > lit(1.0))
        #expect(kept.column(named: "id")?.scalars == [.int(2), .int(5)])
        #expect(kept.column(named: "tag")?.scalars == [.string("b"), .string("e")])
        #expect(try frame.filter(lit(true)).height == 5)
        #expect(try frame.filter(lit(false)).height == 0)
        #expect(try frame.filter(nullLiteral).height == 0)
        let none = try frame.filter(col("id") > lit(10))
        #expect(none.height == 0)
        #expect(none.width == 3)
    }

    @Test func filterNeedsABoolPredicate() throws {
        let error = try #require(frameError { try frame.filter(col("id")) })
        #expect(error.code == .typeMismatch)
        #expect(error.message == "filter predicate must be bool, found int")
    }

    @Test func withIsSequentialAndReplacesInPlace() throws {
        let result = try frame.with([
            (name: "double", expr: col("id") * lit(2)),
            (name: "quad", expr: col("double") * lit(2)),
            (name: "id", expr: col("id") + lit(100)),
        ])
        #expect(result.columnNames == ["id", "v", "tag", "double", "quad"])
        #expect(result.column(named: "quad")?.scalar(at: 4) == .int(20))
        #expect(result.column(named: "id")?.scalar(at: 0) == .int(101))
        let constant = try frame.with([(name: "one", expr: lit(1))])
        #expect(constant.column(named: "one")?.count == 5)
    }

    @Test func selectOrdersAndChecks() throws {
        let picked = try frame.select(["tag", "id"])
        #expect(picked.columnNames == ["tag", "id"])
        #expect(picked.height == 5)
        let missing = try #require(frameError { try frame.select(["id", "tags"]) })
        #expect(missing.code == .columnNotFound)
        #expect(missing.hint == "did you mean .tag?")
        #expect(frameError { try frame.select(["id", "id"]) }?.code == .duplicateColumn)
    }

    @Test func headAndTailClamp() throws {
        #expect(frame.head(2).column(named: "id")?.scalars == [.int(1), .int(2)])
        #expect(frame.tail(2).column(named: "id")?.scalars == [.int(4), .int(5)])
        #expect(frame.tail(2).column(named: "tag")?.scalars == [.null, .string("e")])
        #expect(frame.head(99).height == 5)
        #expect(frame.head(-1).height == 0)
        #expect(frame.tail(0).height == 0)
        #expect(frame.tail(-3).width == 3)
        let empty = frame.head(0)
        #expect(empty.head(3).height == 0)
        #expect(empty.tail(3).height == 0)
        let one = frame.tail(1)
        #expect(one.head(1) == one)
        #expect(one.tail(5).column(named: "id")?.scalars == [.int(5)])
    }

    @Test func closestNameSuggestions() {
        let names = ["temp_max", "temp_min", "weather", "date"]
        #expect(closestName(to: "tmp_max", among: names) == "temp_max")
        #expect(closestName(to: "Weather", among: names) == "weather")
        #expect(closestName(to: "dat", among: names) == "date")
        #expect(closestName(to: "precipitation", among: names) == nil)
        #expect(closestName(to: "x", among: []) == nil)
        #expect(columnReference("temp_max") == ".temp_max")
        #expect(columnReference("Solar.R") == ".\"Solar.R\"")
    }

    @Test func columnConstructors() throws {
        let repeated = try Column(name: "r", repeating: .string("hi"), count: 3)
        #expect(repeated.scalars == [.string("hi"), .string("hi"), .string("hi")])
        #expect(try Column(name: "n", repeating: .null, count: 2).nullCount == 2)
        #expect(frameError { try Column(name: "x", repeating: .int(1), count: -1) }?.code == .invalidArgument)
        let boxed = try Column(name: "b", scalars: [.int(1), .null, .float(2.5)])
        #expect(boxed.type == .float)
        #expect(boxed.scalars == [.float(1), .null, .float(2.5)])
        #expect(frameError { try Column(name: "b", scalars: [.int(1), .string("x")]) }?.code == .typeMismatch)
        #expect(Column(name: "t", timestamps: [5]).scalar(at: 0) == .timestamp(5))
        #expect(Column(name: "d", durations: [5], validity: [false]).scalar(at: 0) == .null)
        #expect(Column(name: "x", ints: [1]).renamed("y").name == "y")
    }
}

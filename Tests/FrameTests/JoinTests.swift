import Testing
import Frame

/// Rows of a frame as text cells (NaN compares equal to itself this way).
private func table(_ frame: DataFrame) -> [[String]] {
    (0..<frame.height).map { row in
        frame.columns.map { column -> String in
            switch column.scalar(at: row) {
            case .null: return "null"
            case .int(let v): return String(v)
            case .float(let v): return NumberFormatting.shortest(v)
            case .bool(let v): return String(v)
            case .string(let v): return v
            case .timestamp(let v): return "t" + String(v)
            case .duration(let v): return "d" + String(v)
            }
        }
    }
}

@Suite struct JoinTests {
    let left: DataFrame
    let right: DataFrame

    init() throws {
        left = try DataFrame(columns: [
            Column(name: "id", ints: [1, 2, 3, 2, 0], validity: [true, true, true, true, false]),
            Column(name: "v", strings: ["a", "b", "c", "d", "e"]),
        ])
        right = try DataFrame(columns: [
            Column(name: "id", ints: [2, 4, 2, 0, 1], validity: [true, true, true, false, true]),
            Column(name: "w", floats: [20, 40, 21, 0, 10]),
        ])
    }

    @Test func inner() throws {
        let joined = try left.join(right, on: ["id"], how: .inner)
        #expect(joined.columnNames == ["id", "v", "w"])
        // Left order; duplicates on both sides give every pair; null keys never match.
        #expect(table(joined) == [["1", "a", "10.0"], ["2", "b", "20.0"], ["2", "b", "21.0"], ["2", "d", "20.0"], ["2", "d", "21.0"]])
    }

    @Test func leftKeepsEveryLeftRowInOrder() throws {
        let joined = try left.join(right, on: ["id"], how: .left)
        #expect(table(joined) == [
            ["1", "a", "10.0"], ["2", "b", "20.0"], ["2", "b", "21.0"], ["3", "c", "null"],
            ["2", "d", "20.0"], ["2", "d", "21.0"], ["null", "e", "null"],
        ])
    }

    @Test func rightMirrorsLeft() throws {
        let joined = try left.join(right, on: ["id"], how: .right)
        #expect(joined.columnNames == ["id", "v", "w"])
        // Right order, matches in left order; the key comes from the right row.
        #expect(table(joined) == [
            ["2", "b", "20.0"], ["2", "d", "20.0"], ["4", "null", "40.0"], ["2", "b", "21.0"], ["2", "d", "21.0"],
            ["null", "null", "0.0"], ["1", "a", "10.0"],
        ])
    }

    @Test func outerIsTheLeftJoinThenUnmatchedRightRows() throws {
        let joined = try left.join(right, on: ["id"], how: .outer)
        #expect(table(joined) == [
            ["1", "a", "10.0"], ["2", "b", "20.0"], ["2", "b", "21.0"], ["3", "c", "null"],
            ["2", "d", "20.0"], ["2", "d", "21.0"], ["null", "e", "null"],
            ["4", "null", "40.0"], ["null", "null", "0.0"],
        ])
    }

    @Test func semiAndAnti() throws {
        let semi = try left.join(right, on: ["id"], how: .semi)
        #expect(semi.columnNames == ["id", "v"])
        #expect(table(semi) == [["1", "a"], ["2", "b"], ["2", "d"]])
        let anti = try left.join(right, on: ["id"], how: .anti)
        #expect(table(anti) == [["3", "c"], ["null", "e"]])
    }

    @Test func theSmallerSideMayBeTheBuildSideWithoutChangingTheAnswer() throws {
        // A one-row left frame is the build side; the order rules still hold.
        let small = try DataFrame(columns: [Column(name: "id", ints: [2]), Column(name: "x", bools: [true])])
        #expect(table(try small.join(right, on: ["id"])) == [["2", "true", "20.0"], ["2", "true", "21.0"]])
        #expect(table(try small.join(right, on: ["id"], how: .right)) == [
            ["2", "true", "20.0"], ["4", "null", "40.0"], ["2", "true", "21.0"], ["null", "null", "0.0"], ["1", "null", "10.0"],
        ])
        #expect(table(try small.join(right, on: ["id"], how: .anti)) == [])
        #expect(table(try right.join(small, on: ["id"], how: .semi)) == [["2", "20.0"], ["2", "21.0"]])
    }

    @Test func multipleKeysOfMixedTypes() throws {
        let a = try DataFrame(columns: [
            Column(name: "k", strings: ["x", "x", "y", nil]),
            Column(name: "d", timestamps: [10, 20, 10, 10]),
            Column(name: "p", ints: [1, 2, 3, 4]),
        ])
        let b = try DataFrame(columns: [
            Column(name: "k", strings: ["y", "x", "x", nil]),
            Column(name: "d", timestamps: [10, 20, 30, 10]),
            Column(name: "q", bools: [true, false, true, true]),
        ])
        let joined = try a.join(b, on: ["k", "d"], how: .left)
        #expect(joined.columnNames == ["k", "d", "p", "q"])
        #expect(table(joined) == [["x", "t10", "1", "null"], ["x", "t20", "2", "false"], ["y", "t10", "3", "true"], ["null", "t10", "4", "null"]])
        #expect(joined.column(named: "d")?.type == .timestamp)
    }

    @Test func stringKeysOfEveryLength() throws {
        let names = ["", "a", "abcdefgh", "abcdefghi", "abcdefghijklmnopq", "é", "abcdefgh\u{0}"]
        let a = try DataFrame(columns: [Column(name: "s", strings: names), Column(name: "i", ints: (0..<7).map(Int64.init))])
        let b = try DataFrame(columns: [
            Column(name: "s", strings: names.reversed()), Column(name: "j", ints: (0..<7).map { Int64(10 + $0) }),
        ])
        let joined = try a.join(b, on: ["s"])
        #expect(joined.column(named: "j")?.scalars == (0..<7).map { .int(Int64(16 - $0)) })
    }

    @Test func floatKeysUseTotalEquality() throws {
        let a = try DataFrame(columns: [Column(name: "f", floats: [0.0, -0.0, .nan, 1.5]), Column(name: "i", ints: [0, 1, 2, 3])])
        let b = try DataFrame(columns: [Column(name: "f", floats: [.nan, 0.0, 2.5]), Column(name: "j", ints: [7, 8, 9])])
        let joined = try a.join(b, on: ["f"])
        #expect(table(joined) == [["0.0", "0", "8"], ["-0.0", "1", "8"], ["nan", "2", "7"]])
    }

    @Test func boolAndDurationKeys() throws {
        let a = try DataFrame(columns: [Column(name: "b", bools: [true, false, true], validity: [true, true, false])])
        let b = try DataFrame(columns: [Column(name: "b", bools: [false, true]), Column(name: "n", ints: [0, 1])])
        #expect(table(try a.join(b, on: ["b"], how: .left)) == [["true", "1"], ["false", "0"], ["null", "null"]])
        let c = try DataFrame(columns: [Column(name: "d", durations: [5, -5])])
        let d = try DataFrame(columns: [Column(name: "d", durations: [-5]), Column(name: "x", ints: [1])])
        #expect(table(try c.join(d, on: ["d"])) == [["d-5", "1"]])
    }

    @Test func wideIntegerKeysUseTheHashTable() throws {
        let keys: [Int64] = [Int64.min, -1, 0, Int64.max, 1 << 40]
        let a = try DataFrame(columns: [Column(name: "k", ints: keys)])
        let b = try DataFrame(columns: [Column(name: "k", ints: keys.reversed()), Column(name: "r", ints: [4, 3, 2, 1, 0])])
        #expect(try a.join(b, on: ["k"]).column(named: "r")?.scalars == (0..<5).map { .int(Int64($0)) })
    }

    @Test func clashingNamesGetTheSuffix() throws {
        let a = try DataFrame(columns: [Column(name: "id", ints: [1]), Column(name: "x", ints: [1]), Column(name: "y", ints: [2])])
        let b = try DataFrame(columns: [Column(name: "x", ints: [3]), Column(name: "id", ints: [1]), Column(name: "z", ints: [4])])
        let joined = try a.join(b, on: ["id"])
        #expect(joined.columnNames == ["id", "x", "y", "x_right", "z"])
        #expect(table(joined) == [["1", "1", "2", "3", "4"]])
        #expect(try a.join(b, on: ["id"], suffix: "_b").columnNames == ["id", "x", "y", "x_b", "z"])
        let c = try DataFrame(columns: [Column(name: "id", ints: [1]), Column(name: "x", ints: [1]), Column(name: "x_right", ints: [1])])
        let error = try #require(frameError { try a.join(c, on: ["id"]) })
        #expect(error.code == .duplicateColumn)
        #expect(error.message == "join output would have two columns named .x_right")
    }

    @Test func differentlyNamedKeys() throws {
        let a = try DataFrame(columns: [Column(name: "user", ints: [1, 2]), Column(name: "v", ints: [10, 20])])
        let b = try DataFrame(columns: [Column(name: "id", ints: [2, 3]), Column(name: "name", strings: ["two", "three"])])
        let inner = try a.join(b, leftOn: ["user"], rightOn: ["id"])
        #expect(inner.columnNames == ["user", "v", "name"])
        #expect(table(inner) == [["2", "20", "two"]])
        let outer = try a.join(b, leftOn: ["user"], rightOn: ["id"], how: .outer)
        #expect(table(outer) == [["1", "10", "null"], ["2", "20", "two"], ["3", "null", "three"]])
    }

    @Test func keyErrors() throws {
        let a = try DataFrame(columns: [Column(name: "id", ints: [1]), Column(name: "s", strings: ["1"]), Column(name: "f", floats: [1])])
        let b = try DataFrame(columns: [Column(name: "id", strings: ["1"]), Column(name: "f", ints: [1])])
        let mismatch = try #require(frameError { try a.join(b, on: ["id"]) })
        #expect(mismatch.code == .typeMismatch)
        #expect(mismatch.message == "join key .id is int on the left and string on the right")
        let numeric = try #require(frameError { try a.join(b, leftOn: ["f"], rightOn: ["f"]) })
        #expect(numeric.message == "join key .f is float on the left and int on the right")
        #expect(numeric.hint == "cast one side first, e.g. cast(df, f: \"float\")")
        let named = try #require(frameError { try a.join(b, leftOn: ["s"], rightOn: ["f"]) })
        #expect(named.message == "join keys differ in type: .s is string on the left, .f is int on the right")
        let missing = try #require(frameError { try a.join(b, on: ["ids"]) })
        #expect(missing.code == .columnNotFound)
        #expect(missing.message == "unknown column .ids in the left frame")
        #expect(missing.hint == "did you mean .id?")
        let missingRight = try #require(frameError { try a.join(b, on: ["s"]) })
        #expect(missingRight.message == "unknown column .s in the right frame")
        #expect(frameError { try a.join(b, on: []) }?.message == "join needs at least one key column")
        #expect(frameError { try a.join(b, on: ["id", "id"]) }?.message == "join key .id is given twice")
        #expect(frameError { try a.join(b, leftOn: ["id"], rightOn: ["id", "f"]) }?.message
            == "join needs as many right keys as left keys, found 1 left and 2 right")
    }

    @Test func emptyAndOneRowFrames() throws {
        let empty = left.head(0)
        let emptyRight = right.head(0)
        for how in JoinKind.allCases {
            let a = try empty.join(right, on: ["id"], how: how)
            let b = try left.join(emptyRight, on: ["id"], how: how)
            let c = try empty.join(emptyRight, on: ["id"], how: how)
            #expect(c.height == 0)
            #expect(a.columnNames == (how == .semi || how == .anti ? ["id", "v"] : ["id", "v", "w"]))
            switch how {
            case .inner, .semi:
                #expect(a.height == 0 && b.height == 0)
            case .left, .anti:
                #expect(a.height == 0)
                #expect(table(b).map(\.first) == ["1", "2", "3", "2", "null"])
            case .right:
                #expect(table(a) == [["2", "null", "20.0"], ["4", "null", "40.0"], ["2", "null", "21.0"], ["null", "null", "0.0"], ["1", "null", "10.0"]])
                #expect(b.height == 0)
            case .outer:
                #expect(a.height == 5 && b.height == 5)
                #expect(b.column(named: "w")?.nullCount == 5)
            }
        }
        let one = left.head(1)
        #expect(table(try one.join(right.tail(1), on: ["id"])) == [["1", "a", "10.0"]])
        #expect(table(try one.join(right.head(1), on: ["id"], how: .outer)) == [["1", "a", "null"], ["2", "null", "20.0"]])
    }

    @Test func leftColumnsAreSharedWhenEveryRowMatchesOnce() throws {
        let facts = try DataFrame(columns: [Column(name: "k", ints: [3, 1, 2, 1]), Column(name: "x", floats: [1, 2, 3, 4])])
        let dimension = try DataFrame(columns: [Column(name: "k", ints: [1, 2, 3]), Column(name: "name", strings: ["one", "two", "three"])])
        let joined = try facts.join(dimension, on: ["k"])
        #expect(joined.column(named: "x") == facts.column(named: "x"))
        #expect(joined.column(named: "name")?.scalars == [.string("three"), .string("one"), .string("two"), .string("one")])
    }
}

import Testing
import Frame
import TestSupport

/// Rows as text cells (NaN equals itself this way); floats keep a trailing ".0".
private func cells(_ frame: DataFrame) -> [[String]] {
    (0..<frame.height).map { row in
        frame.columns.map { column -> String in
            switch column.scalar(at: row) {
            case .null: return "null"
            case .int(let v): return String(v)
            case .float(let v): return NumberFormatting.shortest(v)
            case .bool(let v): return String(v)
            case .string(let v): return v
            case .timestamp(let v): return NumberFormatting.timestamp(v)
            case .duration(let v): return NumberFormatting.duration(v)
            }
        }
    }
}

/// concat, unique, slice, drop and rename: with nulls, empty frames and one-row frames.
@Suite struct FrameVerbTests {
    let frame: DataFrame

    init() throws {
        frame = try DataFrame(columns: [
            Column(name: "k", strings: ["a", "b", "a", nil, nil, "b"]),
            Column(name: "n", ints: [1, 2, 1, 3, 3, 5], validity: [true, true, true, false, false, true]),
            Column(name: "x", floats: [0.5, 1, 0.5, .nan, .nan, -0.0]),
        ])
    }

    // MARK: concat

    @Test func concatVerticalMatchesColumnsByName() throws {
        let other = try DataFrame(columns: [
            Column(name: "x", floats: [9]), Column(name: "n", ints: [7], validity: [false]), Column(name: "k", strings: ["z"]),
        ])
        let stacked = try DataFrame.concat([frame, other, DataFrame()])
        #expect(stacked.columnNames == ["k", "n", "x"])
        #expect(stacked.height == 7)
        #expect(cells(stacked).last == ["z", "null", "9.0"])
        #expect(stacked.column(named: "n")?.nullCount == 3)
        #expect(try DataFrame.concat([frame.head(0), frame.head(0)]).height == 0)
        #expect(try DataFrame.concat([frame.head(1)]) == frame.head(1))
        #expect(try DataFrame.concat([]) == DataFrame())
    }

    @Test func concatVerticalWidensIntToFloat() throws {
        let ints = try DataFrame(columns: [Column(name: "v", ints: [1, 2], validity: [true, false])])
        let floats = try DataFrame(columns: [Column(name: "v", floats: [2.5])])
        let stacked = try DataFrame.concat([ints, floats])
        #expect(stacked.column(named: "v")?.type == .float)
        #expect(cells(stacked) == [["1.0"], ["null"], ["2.5"]])
    }

    @Test func concatVerticalErrors() throws {
        let strings = try DataFrame(columns: [Column(name: "v", strings: ["a"])])
        let ints = try DataFrame(columns: [Column(name: "v", ints: [1])])
        let mismatch = try #require(frameError { try DataFrame.concat([strings, ints]) })
        #expect(mismatch.code == .typeMismatch)
        #expect(mismatch.message == "concat: column .v is string in frame 1 and int in frame 2")
        let other = try DataFrame(columns: [Column(name: "w", ints: [1])])
        #expect(frameError { try DataFrame.concat([ints, other]) }?.message == "concat: frame 2 has no column .v (frame 1 has)")
        let wider = try DataFrame(columns: [Column(name: "v", ints: [1]), Column(name: "w", ints: [1])])
        #expect(frameError { try DataFrame.concat([ints, wider]) }?.message == "concat: frame 2 has column .w that frame 1 lacks")
    }

    @Test func concatHorizontal() throws {
        let extra = try DataFrame(columns: [Column(name: "y", bools: [true, false, true, false, true, false])])
        let wide = try DataFrame.concat([frame, extra], how: .horizontal)
        #expect(wide.columnNames == ["k", "n", "x", "y"])
        #expect(wide.height == 6)
        let short = try #require(frameError { try DataFrame.concat([frame, extra.head(2)], how: .horizontal) })
        #expect(short.message == "concat horizontal needs equal heights: frame 1 has 6 rows, frame 2 has 2")
        let duplicate = try #require(frameError { try DataFrame.concat([frame, frame.select(["x"])], how: .horizontal) })
        #expect(duplicate.code == .duplicateColumn)
        #expect(try DataFrame.concat([frame.head(0), extra.head(0)], how: .horizontal).width == 4)
    }

    @Test func concatOfStringsKeepsEveryByte() throws {
        let a = try DataFrame(columns: [Column(name: "s", strings: ["héllo", nil, ""])])
        let b = a.slice(1..<3)
        let c = try DataFrame(columns: [Column(name: "s", strings: ["z"])])
        #expect(cells(try DataFrame.concat([a, b, c])) == [["héllo"], ["null"], [""], ["null"], [""], ["z"]])
    }

    // MARK: unique

    @Test func uniqueKeepsTheFirstOccurrenceInOrder() throws {
        #expect(cells(try frame.unique(subset: ["k"])) == [["a", "1", "0.5"], ["b", "2", "1.0"], ["null", "null", "nan"]])
        // Null equals null and NaN equals NaN for unique: rows 3 and 4 are duplicates.
        #expect(cells(try frame.unique()) == [["a", "1", "0.5"], ["b", "2", "1.0"], ["null", "null", "nan"], ["b", "5", "-0.0"]])
        #expect(frame.distinct() == (try frame.unique()))
        #expect(cells(try frame.unique(subset: ["k", "n"], keep: .last)) == [
            ["b", "2", "1.0"], ["a", "1", "0.5"], ["null", "null", "nan"], ["b", "5", "-0.0"],
        ])
        #expect(cells(try frame.unique(subset: ["k"], keep: .last)) == [["a", "1", "0.5"], ["null", "null", "nan"], ["b", "5", "-0.0"]])
        #expect(cells(try frame.unique(subset: ["n"], keep: .none)) == [["b", "2", "1.0"], ["b", "5", "-0.0"]])
        let zeros = try DataFrame(columns: [Column(name: "z", floats: [0.0, -0.0])])
        #expect(try zeros.unique().height == 1)
    }

    @Test func uniqueOnEmptyAndOneRowFrames() throws {
        #expect(try frame.head(0).unique(subset: ["k"]).height == 0)
        #expect(try frame.head(1).unique() == frame.head(1))
        #expect(DataFrame().distinct() == DataFrame())
        #expect(frameError { try frame.unique(subset: ["kk"]) }?.hint == "did you mean .k?")
        #expect(frameError { try frame.unique(subset: ["k", "k"]) }?.code == .duplicateColumn)
    }

    // MARK: slice, drop, rename

    @Test func sliceClampsAndCountsNegativeOffsetsFromTheEnd() {
        #expect(cells(frame.slice(offset: 1, length: 2)).map(\.[1]) == ["2", "1"])
        #expect(frame.slice(offset: 4).height == 2)
        #expect(cells(frame.slice(offset: -2, length: 1)).map(\.[1]) == ["null"])
        #expect(frame.slice(offset: -100, length: 2).height == 2)
        #expect(frame.slice(offset: 100, length: 2).height == 0)
        #expect(frame.slice(offset: 2, length: 100).height == 4)
        #expect(frame.slice(offset: 0, length: -1).height == 0)
        #expect(frame.head(0).slice(offset: -1).height == 0)
        #expect(frame.head(1).slice(offset: 0, length: 1) == frame.head(1))
    }

    @Test func dropRemovesNamedColumns() throws {
        #expect(try frame.dropping(["n"]).columnNames == ["k", "x"])
        #expect(try frame.dropping(["k", "n", "x"]).width == 0)
        #expect(try frame.head(0).dropping(["x"]).columnNames == ["k", "n"])
        let unknown = try #require(frameError { try frame.dropping(["nn"]) })
        #expect(unknown.code == .columnNotFound)
        #expect(unknown.hint == "did you mean .n?")
        #expect(frameError { try frame.dropping(["n", "n"]) }?.message == "column .n is dropped twice")
    }

    @Test func renameIsSimultaneous() throws {
        let renamed = try frame.renaming([(from: "k", to: "key"), (from: "x", to: "value")])
        #expect(renamed.columnNames == ["key", "n", "value"])
        #expect(renamed.column(named: "value") == frame.column(named: "x")?.renamed("value"))
        let swapped = try frame.renaming([(from: "k", to: "n"), (from: "n", to: "k")])
        #expect(swapped.columnNames == ["n", "k", "x"])
        let clash = try #require(frameError { try frame.renaming([(from: "k", to: "n")]) })
        #expect(clash.message == "rename would give two columns named .n")
        #expect(frameError { try frame.renaming([(from: "q", to: "r")]) }?.code == .columnNotFound)
        #expect(frameError { try frame.renaming([(from: "k", to: "")]) }?.code == .invalidArgument)
        #expect(frameError { try frame.renaming([(from: "k", to: "a"), (from: "k", to: "b")]) }?.message == "column .k is renamed twice")
        #expect(try frame.head(0).renaming([(from: "k", to: "z")]).columnNames == ["z", "n", "x"])
    }

    // MARK: property tests

    @Test(arguments: [11, 12, 13, 14])
    func uniqueMatchesARowByRowReference(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed))
        for _ in 0..<20 {
            let count = random.below(60)
            let a = (0..<count).map { _ in random.below(4) == 0 ? nil : Int64(random.below(4)) }
            let b = (0..<count).map { _ -> String? in random.below(5) == 0 ? nil : ["x", "y", "zz", ""][random.below(4)] }
            let c = (0..<count).map { _ in [0.0, -0.0, .nan, 1][random.below(4)] }
            let input = try DataFrame(columns: [
                Column(name: "a", ints: a.map { $0 ?? 0 }, validity: a.map { $0 != nil }),
                Column(name: "b", strings: b),
                Column(name: "c", floats: c),
            ])
            for subset in [["a"], ["b"], ["a", "b"], ["c", "a"], []] {
                for keep in UniqueKeep.allCases {
                    let names = subset.isEmpty ? ["a", "b", "c"] : subset
                    let keys = cells(try input.select(names)).map { $0.map { $0 == "-0.0" ? "0.0" : $0 } }
                    var kept: [Int] = []
                    for row in 0..<count {
                        let same = (0..<count).filter { keys[$0] == keys[row] }
                        switch keep {
                        case .first: if same.first == row { kept.append(row) }
                        case .last: if same.last == row { kept.append(row) }
                        case .none: if same.count == 1 { kept.append(row) }
                        }
                    }
                    #expect(cells(try input.unique(subset: subset, keep: keep)) == cells(input.gather(kept)), "\(subset) \(keep)")
                }
            }
        }
    }

    @Test(arguments: [21, 22, 23])
    func concatMatchesARowByRowReference(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed))
        var frames: [DataFrame] = []
        var expected: [[String]] = []
        for _ in 0..<(1 + random.below(5)) {
            let count = random.below(9)
            let ints = (0..<count).map { _ in Int64(random.below(100)) }
            let valid = (0..<count).map { _ in random.below(3) > 0 }
            let text = (0..<count).map { _ -> String? in random.below(4) == 0 ? nil : String(repeating: "é", count: random.below(4)) }
            let part = try DataFrame(columns: [Column(name: "s", strings: text), Column(name: "i", ints: ints, validity: valid)])
            frames.append(random.below(2) == 0 ? part : try part.select(["i", "s"]))
            expected += cells(part)
        }
        #expect(cells(try DataFrame.concat(frames).select(["s", "i"])) == expected)
    }
}

import Testing
@testable import Frame
import TestSupport

/// The ASOF scenarios S01–S33 of research/feature-store-asof.md, section B.5, one test each.
/// Rows are (key, time, value); R0 = (a,1,x) (a,4,y) (a,7,z) (b,2,p) in insertion order.
@Suite struct AsofJoinScenarioTests {
    /// A frame of string keys `k`, int times `t` and, when given, string values `v`.
    static func frame(_ keys: [String?], _ times: [Int64?], _ values: [String?]? = nil) throws -> DataFrame {
        var columns = [
            Column(name: "k", strings: keys),
            Column(name: "t", ints: times.map { $0 ?? 0 }, validity: times.map { $0 != nil }),
        ]
        if let values { columns.append(Column(name: "v", strings: values)) }
        return try DataFrame(columns: columns)
    }

    static let r0Keys: [String?] = ["a", "a", "a", "b"]
    static let r0Times: [Int64?] = [1, 4, 7, 2]
    static let r0Values: [String?] = ["x", "y", "z", "p"]

    static func r0() throws -> DataFrame { try frame(r0Keys, r0Times, r0Values) }

    /// The values of column `name`, boxed.
    static func cells(_ frame: DataFrame, _ name: String) -> [Scalar] {
        frame.column(named: name)?.scalars ?? []
    }

    static func strings(_ values: [String?]) -> [Scalar] { values.map { $0.map(Scalar.string) ?? .null } }
    static func ints(_ values: [Int64?]) -> [Scalar] { values.map { $0.map(Scalar.int) ?? .null } }

    @Test func s01BackwardTakesTheLatestEarlierRow() throws {
        let out = try Self.frame(["a"], [5]).asofJoin(try Self.r0(), on: "t", by: ["k"])
        #expect(out.columnNames == ["k", "t", "v", "t_right"])
        #expect(Self.cells(out, "v") == Self.strings(["y"]))
        #expect(Self.cells(out, "t_right") == Self.ints([4]))
    }

    @Test func s02ExactMatchIsUsed() throws {
        let out = try Self.frame(["a"], [4]).asofJoin(try Self.r0(), on: "t", by: ["k"])
        #expect(Self.cells(out, "v") == Self.strings(["y"]))
    }

    @Test func s03NoExactMatchesTakesTheRowBefore() throws {
        let out = try Self.frame(["a"], [4]).asofJoin(try Self.r0(), on: "t", by: ["k"], allowExactMatches: false)
        #expect(Self.cells(out, "v") == Self.strings(["x"]))
        #expect(Self.cells(out, "t_right") == Self.ints([1]))
    }

    @Test func s04NoEarlierRowLeftKeepsInnerDrops() throws {
        let left = try Self.frame(["a"], [0])
        let kept = try left.asofJoin(try Self.r0(), on: "t", by: ["k"], how: .left)
        #expect(kept.height == 1)
        #expect(Self.cells(kept, "v") == [.null])
        #expect(Self.cells(kept, "t_right") == [.null])
        let dropped = try left.asofJoin(try Self.r0(), on: "t", by: ["k"], how: .inner)
        #expect(dropped.height == 0)
        #expect(dropped.columnNames == ["k", "t", "v", "t_right"])
    }

    @Test func s05KeysAreIsolated() throws {
        let out = try Self.frame(["b", "c"], [5, 5]).asofJoin(try Self.r0(), on: "t", by: ["k"])
        #expect(Self.cells(out, "v") == Self.strings(["p", nil]))
    }

    @Test func s06Forward() throws {
        let left = try Self.frame(["a", "a", "a"], [5, 8, 7])
        let out = try left.asofJoin(try Self.r0(), on: "t", by: ["k"], strategy: .forward)
        #expect(Self.cells(out, "v") == Self.strings(["z", nil, "z"]))
        let strict = try left.asofJoin(try Self.r0(), on: "t", by: ["k"], strategy: .forward, allowExactMatches: false)
        #expect(Self.cells(strict, "v") == Self.strings(["z", nil, nil]))
    }

    @Test func s07Nearest() throws {
        let out = try Self.frame(["a", "a"], [5, 6]).asofJoin(try Self.r0(), on: "t", by: ["k"], strategy: .nearest)
        #expect(Self.cells(out, "v") == Self.strings(["y", "z"]))
    }

    @Test func s08NearestDistanceTieGoesToTheEarlierRow() throws {
        let right = try Self.frame(["a", "a"], [3, 7], ["p", "q"])
        let out = try Self.frame(["a"], [5]).asofJoin(right, on: "t", by: ["k"], strategy: .nearest)
        #expect(Self.cells(out, "v") == Self.strings(["p"]))
        #expect(Self.cells(out, "t_right") == Self.ints([3]))
    }

    @Test func s09ToleranceIsInclusive() throws {
        let out = try Self.frame(["a", "a"], [5, 6]).asofJoin(try Self.r0(), on: "t", by: ["k"], tolerance: .int(1))
        #expect(Self.cells(out, "v") == Self.strings(["y", nil]))
        let edge = try Self.frame(["a"], [6]).asofJoin(try Self.r0(), on: "t", by: ["k"], tolerance: .int(2))
        #expect(Self.cells(edge, "v") == Self.strings(["y"]))
    }

    @Test func s10ToleranceZeroIsExactOnly() throws {
        let out = try Self.frame(["a", "a"], [4, 5]).asofJoin(try Self.r0(), on: "t", by: ["k"], tolerance: .int(0))
        #expect(Self.cells(out, "v") == Self.strings(["y", nil]))
    }

    @Test func s11BadTolerancesAreErrors() throws {
        let left = try Self.frame(["a"], [5])
        let right = try Self.r0()
        let negative = frameError { try left.asofJoin(right, on: "t", by: ["k"], tolerance: .int(-1)) }
        #expect(negative?.code == .invalidArgument)
        #expect(negative?.message == "asof join tolerance must not be negative, found -1")
        let wrongUnit = frameError { try left.asofJoin(right, on: "t", by: ["k"], tolerance: .duration(86_400_000_000)) }
        #expect(wrongUnit?.code == .invalidArgument)
        #expect(wrongUnit?.message == "asof join tolerance must be an int for int times, found duration")
        let never = frameError {
            try left.asofJoin(right, on: "t", by: ["k"], tolerance: .int(0), allowExactMatches: false)
        }
        #expect(never?.code == .invalidArgument)
        #expect(never?.message == "asof join tolerance 0 with allow_exact_matches false can never match")
    }

    @Test func s12EqualTimesLastInsertedWins() throws {
        let right = try Self.frame(["a", "a"], [4, 4], ["y1", "y2"])
        let out = try Self.frame(["a"], [5]).asofJoin(right, on: "t", by: ["k"])
        #expect(Self.cells(out, "v") == Self.strings(["y2"]))
    }

    @Test func s13TieBreakByColumnsOrError() throws {
        let right = try Self.frame(["a", "a"], [4, 4], ["y1", "y2"])
            .setting(Column(name: "ing", ints: [20, 10]))
        let left = try Self.frame(["a"], [5])
        let out = try left.asofJoin(
            right, leftOn: "t", rightOn: "t", leftBy: ["k"], rightBy: ["k"], tieBreak: .sortKeys([SortKey("ing")]))
        #expect(Self.cells(out, "v") == Self.strings(["y1"]))
        let error = frameError {
            try left.asofJoin(right, leftOn: "t", rightOn: "t", leftBy: ["k"], rightBy: ["k"], tieBreak: .error)
        }
        #expect(error?.message == "right rows 0 and 1 share .k = \"a\", .t = 4 (tie_break: \"error\")")
    }

    @Test func s14ForwardTiesTakeTheLastInsertedToo() throws {
        let right = try Self.frame(["a", "a"], [7, 7], ["z1", "z2"])
        let out = try Self.frame(["a"], [5]).asofJoin(right, on: "t", by: ["k"], strategy: .forward)
        #expect(Self.cells(out, "v") == Self.strings(["z2"]))
    }

    @Test func s15SeveralByKeys() throws {
        let left = try DataFrame(columns: [
            Column(name: "store", strings: ["s1"]), Column(name: "item", strings: ["i1"]), Column(name: "t", ints: [5]),
        ])
        let right = try DataFrame(columns: [
            Column(name: "store", strings: ["s1", "s1", "s2"]), Column(name: "item", strings: ["i1", "i2", "i1"]),
            Column(name: "t", ints: [2, 4, 4]), Column(name: "v", strings: ["z", "x", "y"]),
        ])
        let out = try left.asofJoin(right, on: "t", by: ["store", "item"])
        #expect(out.columnNames == ["store", "item", "t", "v", "t_right"])
        #expect(Self.cells(out, "v") == Self.strings(["z"]))
    }

    @Test func s16NullKeysNeverMatch() throws {
        let out = try Self.frame([nil], [5]).asofJoin(try Self.frame([nil], [1], ["n"]), on: "t", by: ["k"])
        #expect(Self.cells(out, "v") == [.null])
        #expect(out.height == 1)
    }

    @Test func s17NullLeftTimeKeepDropOrError() throws {
        let left = try Self.frame(["a"], [nil])
        let kept = try left.asofJoin(try Self.r0(), on: "t", by: ["k"])
        #expect(kept.height == 1)
        #expect(Self.cells(kept, "v") == [.null])
        #expect(try left.asofJoin(try Self.r0(), on: "t", by: ["k"], how: .inner).height == 0)
        let dropped = try left.asofJoin(try Self.r0(), leftOn: "t", rightOn: "t", leftBy: ["k"], rightBy: ["k"], nullLeftTime: .drop)
        #expect(dropped.height == 0)
        let error = frameError {
            try left.asofJoin(try Self.r0(), leftOn: "t", rightOn: "t", leftBy: ["k"], rightBy: ["k"], nullLeftTime: .error)
        }
        #expect(error?.message == "left row 0 has a null time in .t (null_left_time: \"error\")")
    }

    @Test func s18RightRowsWithNullTimeAreIgnored() throws {
        let right = try Self.frame(Self.r0Keys + ["a"], Self.r0Times + [nil], Self.r0Values + ["w"])
        let out = try Self.frame(["a"], [5]).asofJoin(right, on: "t", by: ["k"])
        #expect(Self.cells(out, "v") == Self.strings(["y"]))
    }

    @Test func s19NullPayloadAsIsOrRequiredNonNull() throws {
        let right = try DataFrame(columns: [
            Column(name: "k", strings: ["a", "a"]), Column(name: "t", ints: [1, 3]),
            Column(name: "v", ints: [10, 0], validity: [true, false]),
        ])
        let left = try Self.frame(["a"], [5])
        let asIs = try left.asofJoin(right, on: "t", by: ["k"])
        #expect(Self.cells(asIs, "v") == [.null])
        #expect(Self.cells(asIs, "t_right") == Self.ints([3]))
        let required = try left.asofJoin(right, leftOn: "t", rightOn: "t", leftBy: ["k"], rightBy: ["k"], requireNonNull: ["v"])
        #expect(Self.cells(required, "v") == Self.ints([10]))
        #expect(Self.cells(required, "t_right") == Self.ints([1]))
    }

    @Test func s20UnsortedInputsKeepLeftOrder() throws {
        let right = try Self.frame(["a", "b", "a", "a"], [7, 2, 1, 4], ["z", "p", "x", "y"])
        let out = try Self.frame(["a", "a", "a"], [9, 2, 5]).asofJoin(right, on: "t", by: ["k"])
        #expect(Self.cells(out, "v") == Self.strings(["z", "x", "y"]))
        #expect(Self.cells(out, "t") == Self.ints([9, 2, 5]))
    }

    @Test func s21DuplicateLeftRowsStayDuplicates() throws {
        let out = try Self.frame(["a", "a"], [5, 5]).asofJoin(try Self.r0(), on: "t", by: ["k"])
        #expect(Self.cells(out, "v") == Self.strings(["y", "y"]))
    }

    @Test func s22EmptyRightKeepsEveryLeftRow() throws {
        let right = try Self.frame([], [], [])
        let out = try Self.frame(["a", "b"], [5, 1]).asofJoin(right, on: "t", by: ["k"])
        #expect(out.height == 2)
        #expect(Self.cells(out, "v") == [.null, .null])
        #expect(Self.cells(out, "t_right") == [.null, .null])
        #expect(out.column(named: "v")?.type == .string)
    }

    @Test func s23EmptyLeftKeepsTheSchema() throws {
        let out = try Self.frame([], []).asofJoin(try Self.r0(), on: "t", by: ["k"])
        #expect(out.height == 0)
        #expect(out.columnNames == ["k", "t", "v", "t_right"])
        #expect(out.columns.map(\.type) == [.string, .int, .string, .int])
    }

    @Test func s24SuffixAndItsCollision() throws {
        let left = try Self.frame(["a"], [5], ["mine"])
        let out = try left.asofJoin(try Self.r0(), on: "t", by: ["k"])
        #expect(out.columnNames == ["k", "t", "v", "v_right", "t_right"])
        #expect(Self.cells(out, "v_right") == Self.strings(["y"]))
        let clash = try left.setting(Column(name: "v_right", ints: [1]))
        let error = frameError { try clash.asofJoin(try Self.r0(), on: "t", by: ["k"]) }
        #expect(error?.code == .duplicateColumn)
        #expect(error?.message == "asof join output would have two columns named .v_right")
    }

    @Test func s25TimeTypesMustAgreeIntAndFloatMix() throws {
        let stamps = try DataFrame(columns: [Column(name: "k", strings: ["a"]), Column(name: "t", timestamps: [5])])
        let error = frameError { try stamps.asofJoin(try Self.r0(), on: "t", by: ["k"]) }
        #expect(error?.code == .typeMismatch)
        #expect(error?.message == "asof join time column .t is timestamp on the left and int on the right")
        let floats = try DataFrame(columns: [Column(name: "k", strings: ["a", "a"]), Column(name: "t", floats: [4.5, 0.5])])
        let out = try floats.asofJoin(try Self.r0(), on: "t", by: ["k"])
        #expect(Self.cells(out, "v") == Self.strings(["y", nil]))
        #expect(Self.cells(out, "t_right") == Self.ints([4, nil]))
        let mixed = try Self.frame(["a"], [5]).asofJoin(
            try DataFrame(columns: [Column(name: "k", strings: ["a"]), Column(name: "t", floats: [4.75]), Column(name: "v", strings: ["f"])]),
            on: "t", by: ["k"], tolerance: .float(0.25))
        #expect(Self.cells(mixed, "v") == Self.strings(["f"]))
    }

    @Test func s26OffsetsAreNormalizedToUTC() throws {
        let left = try csv("k,t\na,2024-05-01T10:00:00+02:00\n")
        let right = try csv("k,t,v\na,2024-05-01T07:59:59Z,u\na,2024-05-01T08:00:01Z,w\n")
        let out = try left.asofJoin(right, on: "t", by: ["k"])
        #expect(Self.cells(out, "v") == Self.strings(["u"]))
    }

    @Test func s27SubSecondTimes() throws {
        let left = try csv("k,t\na,2024-05-01T10:00:00.200\n")
        let right = try csv("k,t,v\na,2024-05-01T09:59:59,early\na,2024-05-01T10:00:00.500,late\n")
        #expect(left.column(named: "t")?.type == .timestamp)
        let out = try left.asofJoin(right, on: "t", by: ["k"])
        #expect(Self.cells(out, "v") == Self.strings(["early"]))
        let nearest = try left.asofJoin(right, on: "t", by: ["k"], strategy: .nearest)
        #expect(Self.cells(nearest, "v") == Self.strings(["late"]))
    }

    @Test func s28NaNTimesAreNullTimes() throws {
        let left = try DataFrame(columns: [Column(name: "k", strings: ["a", "a"]), Column(name: "t", floats: [2.0, .nan])])
        let right = try DataFrame(columns: [
            Column(name: "k", strings: ["a", "a"]), Column(name: "t", floats: [.nan, 1.0]), Column(name: "v", strings: ["n", "x"]),
        ])
        for strategy in AsofStrategy.allCases {
            let out = try left.asofJoin(right, on: "t", by: ["k"], strategy: strategy)
            #expect(Self.cells(out, "v") == Self.strings([strategy == .forward ? nil : "x", nil]))
        }
    }

    @Test func s29SameAnswerForAnyThreadCountAndInputOrder() throws {
        var random = SplitMix64(state: 29)
        let n = 100_000
        func build(_ rows: Int, payload: Bool) throws -> DataFrame {
            var columns = [
                Column(name: "k", ints: (0..<rows).map { _ in Int64(random.below(50)) }),
                Column(name: "t", ints: (0..<rows).map { _ in Int64(random.below(300)) }),
            ]
            if payload {
                columns.append(Column(name: "seq", ints: (0..<rows).map { Int64($0) }))
            }
            return try DataFrame(columns: columns)
        }
        let left = try build(n, payload: false).setting(Column(name: "id", ints: (0..<n).map { Int64($0) }))
        let right = try build(n, payload: true)
        var permutation = Array(0..<n)
        for index in stride(from: n - 1, to: 0, by: -1) { permutation.swapAt(index, random.below(index + 1)) }
        let shuffledLeft = left.gather(permutation)
        let shuffledRight = right.gather(Array(permutation.reversed()))
        for strategy in AsofStrategy.allCases {
            func run(_ l: DataFrame, _ r: DataFrame, threads: Int) throws -> DataFrame {
                let plan = try AsofJoinPlan(
                    left: l, right: r, leftOn: "t", rightOn: "t", leftBy: ["k"], rightBy: ["k"], strategy: strategy,
                    tolerance: .int(40), allowExactMatches: true, how: .left, suffix: "_right",
                    tieBreak: .sortKeys([SortKey("seq")]), requireNonNull: [], nullLeftTime: .keep)
                return try plan.run(threads: threads)
            }
            let one = try run(left, right, threads: 1)
            #expect(try run(left, right, threads: 2) == one)
            #expect(try run(left, right, threads: 5) == one)
            // Shuffled inputs: the same match for every left row (found through its id).
            let shuffled = try run(shuffledLeft, shuffledRight, threads: 2)
            let reordered = try shuffled.sorted(by: [SortKey("id")])
            #expect(reordered.column(named: "seq") == one.column(named: "seq"))
            #expect(reordered.column(named: "t_right") == one.column(named: "t_right"))
        }
    }

    @Test func s30ForwardWithByNeverCrossesKeys() throws {
        let right = try Self.frame(["a"], [3], ["t"])
        let out = try Self.frame(["a", "a", "a", "a", "a"], [1, 2, 3, 5, 12]).asofJoin(right, on: "t", by: ["k"], strategy: .forward)
        #expect(Self.cells(out, "v") == Self.strings(["t", "t", "t", nil, nil]))
    }

    @Test func s31ZeroToleranceWithBy() throws {
        let left = try csv("k,t\na,2022-01-02\na,2023-01-03\n")
        let right = try csv("k,t,v\na,2022-01-02,1.0\n")
        let out = try left.asofJoin(right, on: "t", by: ["k"], tolerance: .duration(0))
        #expect(Self.cells(out, "v") == [.float(1.0), .null])
    }

    @Test func s32NullKeyOrNullTimeLeavesTheGroupEmpty() throws {
        let left = try DataFrame(columns: [Column(name: "g", ints: [0]), Column(name: "on", floats: [1.0])])
        let right = try DataFrame(columns: [
            Column(name: "g", ints: [0, 0], validity: [false, true]),
            Column(name: "on", floats: [0.0, 0.0], validity: [true, false]),
            Column(name: "v", strings: ["a", "b"]),
        ])
        let out = try left.asofJoin(right, on: "on", by: ["g"], strategy: .nearest)
        #expect(Self.cells(out, "v") == [.null])
    }

    @Test func s33SortedWithinGroupsOnlyIsLikeSorted() throws {
        let right = try Self.frame(["b", "a", "a", "a"], [2, 1, 4, 7], ["p", "x", "y", "z"])
        let left = try Self.frame(["b", "b", "a", "a", "a"], [3, 9, 0, 5, 8])
        let grouped = try left.asofJoin(right, on: "t", by: ["k"])
        let sortedLeft = try left.sorted(by: [SortKey("t")])
        let sortedOut = try sortedLeft.asofJoin(try right.sorted(by: [SortKey("t")]), on: "t", by: ["k"])
        #expect(Self.cells(grouped, "v") == Self.strings(["p", "p", nil, "y", "z"]))
        #expect(Self.cells(sortedOut, "v") == Self.strings([nil, "p", "y", "z", "p"]))
    }
}

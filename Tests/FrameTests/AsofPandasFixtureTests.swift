import Testing
import Frame

/// fti's ASOF join against pandas `merge_asof` answers recorded in Fixtures/AsofPandasFixture.swift
/// (bench/fixtures/asof_pandas_fixture.py), where the two sets of rules agree; and the documented
/// divergences, each on its own: fti's answer and the different one pandas gives.
@Suite struct AsofPandasFixtureTests {
    /// A fixture CSV as a frame; an empty one (nothing to infer types from) gets int columns and
    /// the time type of the case's kind.
    static func frame(_ text: String, kind: String) throws -> DataFrame {
        let parsed = try csv(text)
        guard parsed.height == 0 else { return parsed }
        let timeType: DataType = kind == "float" ? .float : (kind == "timestamp" ? .timestamp : .int)
        return try DataFrame(columns: parsed.columnNames.map { Column(name: $0, nullsOf: $0 == "t" ? timeType : .int, count: 0) })
    }

    static func tolerance(_ text: String, kind: String) -> Scalar? {
        switch (text, kind) {
        case ("none", _): return nil
        case ("180s", _): return .duration(180_000_000)
        case ("0", "timestamp"): return .duration(0)
        case (_, "float"): return Double(text).map(Scalar.float)
        default: return Int64(text).map(Scalar.int)
        }
    }

    @Test(arguments: AsofPandasFixture.cases.indices)
    func agreesWithPandas(index: Int) throws {
        let fixture = AsofPandasFixture.cases[index]
        let left = try Self.frame(fixture.left, kind: fixture.kind)
        let right = try Self.frame(fixture.right, kind: fixture.kind)
        for (strategyName, exact, toleranceText, expected) in fixture.answers {
            let strategy = try #require(AsofStrategy(rawValue: strategyName))
            let out = try left.asofJoin(
                right, on: "t", by: ["k"], strategy: strategy, tolerance: Self.tolerance(toleranceText, kind: fixture.kind),
                allowExactMatches: exact)
            let rids = (out.column(named: "rid")?.scalars ?? []).map { value -> String in
                if case .int(let rid) = value { return String(rid) }
                return ""
            }
            #expect(rids == expected, "case \(index) (\(fixture.kind)) \(strategyName) exact \(exact) tolerance \(toleranceText)")
        }
    }

    @Test func theFixtureCoversEveryStrategyAndKind() {
        let combos = AsofPandasFixture.cases.flatMap { $0.answers.map { "\($0.0)" } }
        #expect(Set(combos) == ["backward", "forward", "nearest"])
        #expect(Set(AsofPandasFixture.cases.map(\.kind)) == ["int", "float", "timestamp"])
        #expect(AsofPandasFixture.cases.reduce(0) { $0 + $1.answers.reduce(0) { $0 + $1.3.filter { !$0.isEmpty }.count } } > 500)
    }

    /// Among right rows with the same key and time the last inserted wins for every strategy;
    /// pandas' forward (and the forward side of nearest) takes the first.
    @Test func forwardTiesDivergeFromPandas() throws {
        for divergence in AsofPandasFixture.divergences where divergence.strategy != "backward" {
            let strategy = try #require(AsofStrategy(rawValue: divergence.strategy))
            let out = try csv(divergence.left).asofJoin(try csv(divergence.right), on: "t", by: ["k"], strategy: strategy)
            let ours = out.column(named: "v")?.scalar(at: 0)
            #expect(ours == .string(strategy == .forward ? "z2" : "q2"))
            #expect(ours != divergence.pandasValue.map(Scalar.string))
        }
    }

    /// Null keys never match (SQL semantics); pandas matches a null key to a null key.
    @Test func nullKeysDivergeFromPandas() throws {
        let divergence = try #require(AsofPandasFixture.divergences.first { $0.strategy == "backward" })
        let out = try csv(divergence.left).asofJoin(try csv(divergence.right), on: "t", by: ["k"])
        #expect(out.column(named: "v")?.scalar(at: 0) == .null)
        #expect(divergence.pandasValue == "n")
    }
}

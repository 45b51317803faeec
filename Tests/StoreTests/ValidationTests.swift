import Frame
import Testing
@testable import Store

@Suite struct ValidationTests {
    static let spec = FeatureGroupSpec(name: "rides", primaryKey: ["id"], eventTime: "ts")

    static func batch() throws -> DataFrame {
        try frame(
            Column(name: "id", ints: [1, 2, 3, 4, 5]),
            Column(name: "ts", timestamps: [Clock.at(1), Clock.at(2), Clock.at(3), Clock.at(4), Clock.at(5)]),
            Column(name: "km", floats: [1.5, .nan, 30, 4, 0], validity: [true, true, true, false, true]),
            Column(name: "city", strings: ["Oslo", "Rome", nil, "Paris", "Rome"]),
            Column(name: "code", strings: ["A-1", "B-22", "c-3", "A-4", nil]),
            Column(name: "at", timestamps: [Clock.at(1), Clock.at(2), Clock.at(3), Clock.at(4), Clock.at(5)]))
    }

    /// Evaluates one expectation on the batch.
    static func result(_ expectation: FeatureExpectation) throws -> ExpectationResult {
        let validation = try ExpectationEvaluator.evaluate([expectation], on: try batch(), context: "test")
        return validation.results[0]
    }

    @Test func notNullCountsNullsAndNaN() throws {
        let result = try Self.result(.notNull("km"))
        #expect(!result.success && result.unexpectedCount == 2 && result.elementCount == 5)
        #expect(result.examples == ["row 1: null", "row 3: null"])
        #expect(try Self.result(.notNull("id")).success)
    }

    @Test func betweenIgnoresNullsAndHonoursStrictBounds() throws {
        #expect(try Self.result(.between("km", min: .int(0), max: .int(30))).success)
        let strict = try Self.result(.between("km", min: .int(0), max: .float(30), strictMin: true, strictMax: true))
        #expect(strict.unexpectedCount == 2 && strict.elementCount == 3)
        #expect(try Self.result(.between("km", min: nil, max: .int(10))).unexpectedCount == 1)
        let times = try Self.result(.between("at", min: .timestamp(Clock.at(2)), max: .timestamp(Clock.at(4))))
        #expect(times.unexpectedCount == 2)
        #expect(throws: StoreError.self) { _ = try Self.result(.between("at", min: .int(0), max: nil)) }
        #expect(throws: StoreError.self) { _ = try Self.result(.between("city", min: .int(0), max: nil)) }
        #expect(throws: StoreError.self) { try FeatureExpectation.between("km", min: nil, max: nil).checkArguments() }
        #expect(throws: StoreError.self) { try FeatureExpectation.between("km", min: .int(5), max: .int(1)).checkArguments() }
    }

    @Test func inSetIgnoresNulls() throws {
        let result = try Self.result(.inSet("city", [.string("Rome"), .string("Oslo")]))
        #expect(result.unexpectedCount == 1 && result.examples == ["row 3: \"Paris\""])
        #expect(try Self.result(.inSet("id", [.int(1), .int(2), .int(3), .int(4), .int(5)])).success)
        #expect(try Self.result(.inSet("city", [])).unexpectedCount == 4)
        #expect(throws: StoreError.self) { _ = try Self.result(.inSet("id", [.string("1")])) }
    }

    @Test func uniqueFlagsEveryOccurrence() throws {
        let result = try Self.result(.unique(["city"]))
        #expect(result.unexpectedCount == 2 && result.elementCount == 4)
        #expect(result.examples == ["row 1: \"Rome\"", "row 4: \"Rome\""])
        #expect(try Self.result(.unique(["city", "id"])).success)
    }

    @Test func matchesSearchesAnywhereAndAnchors() throws {
        #expect(try Self.result(.matches("code", pattern: "[0-9]")).success)
        let anchored = try Self.result(.matches("code", pattern: "^[A-Z]-[0-9]$"))
        #expect(anchored.unexpectedCount == 2 && anchored.elementCount == 4)
        #expect(throws: StoreError.self) { try FeatureExpectation.matches("code", pattern: "([a-z]").checkArguments() }
        #expect(throws: StoreError.self) { try FeatureExpectation.matches("code", pattern: "(a)\\1").checkArguments() }
        #expect(throws: StoreError.self) { _ = try Self.result(.matches("id", pattern: "1")) }
    }

    @Test func batchChecks() throws {
        #expect(try Self.result(.rowCountBetween(min: 5, max: 5)).success)
        let count = try Self.result(.rowCountBetween(min: 6, max: nil))
        #expect(!count.success && count.observed == 5)
        let mean = try Self.result(.meanBetween("km", min: 10, max: 12))
        #expect(mean.success && mean.observed == 10.5 && mean.elementCount == 3)
        #expect(!(try Self.result(.meanBetween("km", min: 11, max: nil))).success)
        let fraction = try Self.result(.maxNullFraction("km", 0.4))
        #expect(fraction.success && fraction.observed == 0.4)
        #expect(!(try Self.result(.maxNullFraction("city", 0.1))).success)
        #expect(throws: StoreError.self) { try FeatureExpectation.maxNullFraction("km", 1.5).checkArguments() }
        #expect(throws: StoreError.self) { try FeatureExpectation.rowCountBetween(min: nil, max: nil).checkArguments() }
        #expect(throws: StoreError.self) { _ = try Self.result(.meanBetween("city", min: 0, max: 1)) }
    }

    @Test func emptyBatchesPassRowChecksAndFailMean() throws {
        let empty = try Self.batch().head(0)
        let validation = try ExpectationEvaluator.evaluate(
            [.notNull("km"), .unique(["id"]), .matches("code", pattern: "x"), .meanBetween("km", min: 0, max: 1), .maxNullFraction("km", 0)],
            on: empty, context: "test")
        #expect(validation.results.map(\.success) == [true, true, true, false, true])
    }

    /// P25 strict: nothing is written, the error carries the report, and the report is stored.
    @Test func strictPolicyRejectsTheWholeBatch() throws {
        let store = try memoryStore()
        var group = try store.featureGroup(Self.spec)
        group = try store.setExpectations([.notNull("km"), .inSet("city", [.string("Rome"), .string("Oslo"), .string("Paris")])], on: group)
        #expect(group.expectations.count == 2 && group.policy == .strict)
        #expect {
            try store.insert(group, try Self.batch())
        } throws: { error in
            guard let error = error as? StoreError, let report = error.report else { return false }
            return error.kind == .validationFailed && report.outcome == .rejected && report.commit == nil
                && error.message.contains("1 of 3 expectations failed: not_null(.km) 2 rows (row 1: null, row 3: null)")
        }
        #expect(try store.read(group).height == 0)
        let reports = try store.validationReports(for: group)
        #expect(reports.count == 1)
        #expect(reports[0].outcome == .rejected && reports[0].rowCount == 5 && reports[0].rejectedRows == 5)
        #expect(reports[0].results.map(\.expectation) == ["unique(.id, .ts)", "not_null(.km)", "in_set(.city, [\"Rome\", \"Oslo\", \"Paris\"])"])
        #expect(reports[0].results[1].examples == ["row 1: null", "row 3: null"])
    }

    /// P25 lenient: good rows are written, bad ones kept with the reason.
    @Test func lenientPolicyQuarantinesBadRows() throws {
        let store = try memoryStore()
        var group = try store.featureGroup(Self.spec)
        group = try store.setExpectations(
            [.notNull("km"), .matches("code", pattern: "^[A-Z]"), .rowCountBetween(min: 10, max: nil)], policy: .lenient, on: group)
        let report = try store.insert(group, try Self.batch())
        #expect(report.inserted == 2 && report.rejected == 3)
        #expect(report.validation.outcome == .partiallyIngested)
        #expect(try store.read(group).values("id") == [.int(1), .int(5)])
        let rejects = try store.rejectedRows(of: group)
        #expect(rejects.values("fti_row") == [.int(1), .int(2), .int(3)])
        #expect(rejects.values("fti_reason") == [.string("not_null(.km)"), .string("matches(.code, \"^[A-Z]\")"), .string("not_null(.km)")])
        #expect(rejects.values("city") == [.string("Rome"), .null, .string("Paris")])
        let stored = try store.validationReports(for: group)
        #expect(stored.count == 1 && stored[0].commit == report.commit && stored[0] == report.validation)
    }

    @Test func duplicateKeysInABatchFailTheAutomaticCheck() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.spec)
        let duplicated = try frame(
            Column(name: "id", ints: [1, 1, 2]), Column(name: "ts", timestamps: [Clock.at(1), Clock.at(1), Clock.at(1)]))
        #expect {
            try store.insert(group, duplicated)
        } throws: { ($0 as? StoreError)?.message.contains("unique(.id, .ts) 2 rows") == true }
    }

    @Test func expectationsMustNameExistingColumns() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.spec)
        try store.insert(group, try Self.batch())
        #expect {
            try store.setExpectations([.notNull("kmh")], on: group)
        } throws: { ($0 as? StoreError)?.message == "expectation not_null(.kmh): feature group 'rides' v1 has no column .kmh; did you mean .km?" }
    }

    @Test func everyExpectationKindRoundTripsThroughTheRegistry() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(Self.spec)
        let suite: [FeatureExpectation] = [
            .notNull("km"), .between("at", min: .timestamp(Clock.at(0)), max: nil, strictMin: true),
            .between("km", min: .float(0.5), max: .int(40), strictMax: true),
            .inSet("city", [.string("Rome"), .int(3), .bool(true), .null]), .unique(["id", "city"]),
            .matches("code", pattern: "^[A-Z]-"), .rowCountBetween(min: 1, max: 10), .meanBetween("km", min: nil, max: 3.5),
            .maxNullFraction("city", 0.25),
        ]
        let stored = try store.setExpectations(suite, policy: .lenient, on: group)
        #expect(stored.expectations == suite)
        #expect(stored.policy == .lenient)
        #expect(try store.setExpectations([], on: group).expectations.isEmpty)
    }
}

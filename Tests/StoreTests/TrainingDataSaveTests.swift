import Frame
import Testing
@testable import Store
import TestSupport

/// `trainingData` returns the rows it saved without reading them back, and counts distinct values
/// without boxing: both must equal what the slower paths gave.
@Suite struct TrainingDataSaveTests {
    /// The returned dataset equals the same version read back from the store, NaN spine values
    /// (stored as NULL) included, with nulls, bools, strings and unmatched spine rows.
    @Test func returnedRowsEqualTheReadBack() throws {
        let store = try memoryStore()
        let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["k"], eventTime: "t"))
        try store.insert(group, try frame(
            Column(name: "k", ints: [1, 1, 2, 3]), Column(name: "t", ints: [10, 20, 10, 5]),
            Column(name: "x", floats: [1.5, 0, 2.5, 3.5], validity: [true, false, true, true]),
            Column(name: "flag", bools: [true, false, true, false]),
            Column(name: "name", strings: ["a", nil, "c", "d"])))
        let view = try store.featureView(FeatureViewSpec(name: "v", sources: [FeatureSource(group)], labels: ["y"]))
        let spine = try frame(
            Column(name: "k", ints: [1, 1, 2, 4, 3]), Column(name: "t", ints: [15, 25, 9, 30, 5]),
            Column(name: "extra", floats: [Double.nan, 1, 2, .nan, 4]),
            Column(name: "y", ints: [0, 1, 0, 1, 1], validity: [true, true, false, true, true]))
        let td = try store.trainingData(view, spine: spine)
        let readBack = try store.trainingDataset(view, version: td.version)
        #expect(td == readBack)
        #expect(td.frame.values("extra")[0] == .null)
        #expect(td.frame.values("x")[1] == .null)
        #expect(td.frame.values("x")[0] == .float(1.5))
    }

    /// Random int and bool columns (narrow and wide ranges, nulls): the distinct count equals the
    /// number of categories `Transformer` finds.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func distinctCountMatchesCategories(seed: UInt64) {
        var random = SplitMix64(state: seed)
        let count = random.below(300)
        let wide = seed % 2 == 0
        var ints: [Int64] = []
        var bools: [Bool] = []
        var valid: [Bool] = []
        for _ in 0..<count {
            let raw = random.next()
            ints.append(wide ? Int64(bitPattern: raw) : Int64(random.below(50)) - 25)
            bools.append(raw & 1 == 0)
            valid.append(random.below(5) != 0)
        }
        for column in [Column(name: "i", ints: ints, validity: valid), Column(name: "b", bools: bools, validity: valid)] {
            let access = ColumnAccess(column)
            #expect(DistinctCount.of(access) == Transformer.categories(access).count)
        }
    }
}

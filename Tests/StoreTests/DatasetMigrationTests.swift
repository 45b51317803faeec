import Frame
import Testing
@testable import Store

/// Stores written before schema version 3 keep their training datasets as one `td_` table each;
/// opening such a file migrates the registry, the old datasets read back as before, and new ones
/// are stored by column next to them.
@Suite struct DatasetMigrationTests {
    @Test func tableDatasetsOfSchemaVersion2StayReadable() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("old.db")
        let clock = TestClock()
        let spine = try frame(
            Column(name: "k", ints: [1, 1, 2, 4, 3]), Column(name: "t", ints: [15, 25, 9, 30, 5]),
            Column(name: "extra", floats: [Double.nan, 1, 2, .nan, 4]),
            Column(name: "when", timestamps: [Clock.at(1), Clock.at(2), Clock.at(3), Clock.at(4), Clock.at(5)]),
            Column(name: "y", ints: [0, 1, 0, 1, 1], validity: [true, true, false, true, true]))
        let saved: TrainingDataset
        do {
            let store = try FeatureStore(path: path, clock: { clock.read() })
            let group = try store.featureGroup(FeatureGroupSpec(name: "g", primaryKey: ["k"], eventTime: "t"))
            try store.insert(group, try frame(
                Column(name: "k", ints: [1, 1, 2, 3]), Column(name: "t", ints: [10, 20, 10, 5]),
                Column(name: "x", floats: [1.5, 0, 2.5, 3.5], validity: [true, false, true, true]),
                Column(name: "flag", bools: [true, false, true, false]),
                Column(name: "name", strings: ["a", nil, "c", "d"])))
            let view = try store.featureView(
                FeatureViewSpec(name: "v", sources: [FeatureSource(group)], labels: ["y"], transformations: [FeatureTransformation("x", .standardScaler)]))
            saved = try store.trainingData(view, spine: spine)
            // What schema version 2 wrote: the rows in a `td_` table, no columnar tables, no layout.
            try store.writing("making a version 2 file") { () throws in
                try saved.frame.writeSQLite(connection: store.connection, table: "td_v_v1_1", mode: .create)
                try store.run("UPDATE fti_training_dataset SET table_name = 'td_v_v1_1' WHERE id = ?", [.int(saved.id)])
                try store.run("DELETE FROM fti_training_chunk")
                try store.run("DELETE FROM fti_training_column")
                try store.connection.execute("DROP TABLE fti_training_chunk")
                try store.connection.execute("DROP TABLE fti_training_column")
                try store.connection.execute("ALTER TABLE fti_training_dataset DROP COLUMN layout")
                try store.run("UPDATE fti_schema_version SET version = 2")
            }
            try store.close()
        }
        let store = try FeatureStore(path: path, clock: { clock.read() })
        #expect(try store.schemaVersion() == FeatureStore.currentSchemaVersion)
        let view = try store.featureView(named: "v", version: 1)
        #expect(try store.trainingDataset(view, version: 1) == saved)
        #expect(try store.firstRow("SELECT layout FROM fti_training_dataset WHERE id = ?", [.int(saved.id)]) == [.string("table")])
        #expect(try store.recreate(saved) == saved.frame)

        let next = try store.trainingData(view, spine: spine)
        #expect(next.version == 2)
        #expect(next.frame == saved.frame)
        #expect(try store.firstRow("SELECT layout FROM fti_training_dataset WHERE id = ?", [.int(next.id)]) == [.string("columnar")])
        #expect(try store.trainingDataset(view, version: 2) == next)
        #expect(try store.trainingDataset(view, version: 1) == saved)
        #expect(try store.integrityProblem() == nil)
    }
}

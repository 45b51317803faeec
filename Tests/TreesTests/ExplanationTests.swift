import Frame
import Testing
@testable import Trees
import TestSupport

@Suite("Explanation (TreeSHAP)")
struct ExplanationTests {
    /// Root x0 < 0.5 (cover 10) → left: x1 < 0.5 (cover 6) → leaves 1 (cover 2) and 3 (cover 4);
    /// right: leaf 5 (cover 4).
    static func handTree(rootDefaultLeft: Bool = true) -> BoostedModel {
        var tree = Tree()
        tree.appendNode(value: 3.4, cover: 10)
        tree.appendNode(value: 7.0 / 3.0, cover: 6)
        tree.appendNode(value: 5, cover: 4)
        tree.appendNode(value: 1, cover: 2)
        tree.appendNode(value: 3, cover: 4)
        tree.split(0, feature: 0, threshold: 0.5, defaultLeft: rootDefaultLeft, gain: 2, left: 1, right: 2)
        tree.split(1, feature: 1, threshold: 0.5, defaultLeft: false, gain: 1, left: 3, right: 4)
        return BoostedModel(parameters: TrainingParameters(), featureNames: ["x0", "x1"], baseScore: [0.5], trees: [tree])
    }

    @Test("two-feature tree: contributions equal the hand-computed Shapley values")
    func handComputed() throws {
        let features = [Column(name: "x0", floats: [0]), Column(name: "x1", floats: [1])]
        let result = try Explanation.contributions(Self.handTree(), features: features)
        #expect(result.count == 1)
        let row = try #require(result.first)
        // f∅ = 3.4, f{x0} = 7/3, f{x1} = 3.8, f{x0,x1} = 3: φ0 = −14/15, φ1 = 8/15.
        #expect(abs(row[0] - -14.0 / 15.0) < 1e-12)
        #expect(abs(row[1] - 8.0 / 15.0) < 1e-12)
        #expect(abs(row[2] - 3.9) < 1e-12)
        #expect(abs(row[0] + row[1] + row[2] - 3.5) < 1e-12)
    }

    @Test("a null follows the split's default direction")
    func nullsFollowDefault() throws {
        let nullFirst = [Column(name: "x0", floats: [0], validity: [false]), Column(name: "x1", floats: [1])]
        let asLeft = [Column(name: "x0", floats: [0]), Column(name: "x1", floats: [1])]
        let asRight = [Column(name: "x0", floats: [1]), Column(name: "x1", floats: [1])]
        #expect(try Explanation.contributions(Self.handTree(rootDefaultLeft: true), features: nullFirst)
            == Explanation.contributions(Self.handTree(rootDefaultLeft: true), features: asLeft))
        #expect(try Explanation.contributions(Self.handTree(rootDefaultLeft: false), features: nullFirst)
            == Explanation.contributions(Self.handTree(rootDefaultLeft: false), features: asRight))
        // Going right (leaf 5): φ1 = ½[(f{x1} − f∅) + (f{x0,x1} − f{x0})] = ½[(3.8 − 3.4) + 0] = 0.2.
        let right = try Explanation.contributions(Self.handTree(rootDefaultLeft: false), features: nullFirst)
        #expect(abs(right[0][1] - 0.2) < 1e-12)
        #expect(abs(right[0][0] - 1.4) < 1e-12)
    }

    @Test("bool, int and NaN feature values", arguments: [false, true])
    func featureStorages(nanAsNull: Bool) throws {
        let model = Self.handTree()
        let bools = [Column(name: "x0", bools: [false, true]), Column(name: "x1", ints: [1, 0])]
        let floats = [Column(name: "x0", floats: [0, 1]), Column(name: "x1", floats: [1, 0])]
        #expect(try Explanation.contributions(model, features: bools) == Explanation.contributions(model, features: floats))
        let nan = [Column(name: "x0", floats: [.nan]), Column(name: "x1", floats: [1])]
        let null = [Column(name: "x0", floats: [0], validity: [false]), Column(name: "x1", floats: [1])]
        #expect(try Explanation.contributions(model, features: nan) == Explanation.contributions(model, features: null))
    }

    @Test("random models: contributions + bias equal the raw margin", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func additivity(seed: UInt64) throws {
        var random = UseTestRandom(seed: seed)
        let featureCount = 1 + random.below(6)
        let classCount = seed % 3 == 0 ? 3 : 1
        let model = RandomUseModels.model(
            &random, featureCount: featureCount, rounds: 1 + random.below(8), maxDepth: 1 + random.below(7),
            classCount: classCount)
        let rowCount = 1 + random.below(40)
        let columns = RandomUseModels.columns(&random, featureCount: featureCount, rowCount: rowCount)
        let result = try Explanation.contributions(model, features: columns)
        #expect(result.count == model.treesPerRound)
        for output in 0..<model.treesPerRound {
            let matrix = result[output]
            #expect(matrix.count == rowCount * (featureCount + 1))
            for row in 0..<rowCount {
                let values = RandomUseModels.row(columns, row)
                let start = row * (featureCount + 1)
                let total = matrix[start..<(start + featureCount + 1)].reduce(0, +)
                let margin = RandomUseModels.margin(model, row: values, output: output)
                #expect(abs(total - margin) < 1e-9, "row \(row) output \(output)")
            }
        }
    }

    @Test("random single trees: contributions equal Shapley values from the definition", arguments: Array(1...12) as [UInt64])
    func exactShapley(seed: UInt64) throws {
        var random = UseTestRandom(seed: seed &* 7919)
        let featureCount = 1 + random.below(5)
        let model = RandomUseModels.model(&random, featureCount: featureCount, rounds: 1, maxDepth: 2 + random.below(6))
        let columns = RandomUseModels.columns(&random, featureCount: featureCount, rowCount: 8)
        let result = try Explanation.contributions(model, features: columns)
        let tree = try #require(model.trees.first)
        for row in 0..<8 {
            let values = RandomUseModels.row(columns, row)
            let expected = RandomUseModels.bruteForceShapley(tree, row: values, featureCount: featureCount)
            for feature in 0..<featureCount {
                let actual = result[0][row * (featureCount + 1) + feature]
                #expect(abs(actual - expected[feature]) < 1e-9, "row \(row) feature \(feature)")
            }
        }
    }

    @Test("the result is the same bytes for any thread count")
    func threadIndependence() throws {
        var random = UseTestRandom(seed: 99)
        var model = RandomUseModels.model(&random, featureCount: 5, rounds: 6, maxDepth: 6, classCount: 2)
        let columns = RandomUseModels.columns(&random, featureCount: 5, rowCount: 1100)
        var results: [[[UInt64]]] = []
        for threads in [1, 2, 3] {
            model.parameters.threads = threads
            results.append(try Explanation.contributions(model, features: columns).map { $0.map(\.bitPattern) })
        }
        #expect(results[0] == results[1])
        #expect(results[0] == results[2])
    }

    @Test("a model of single leaves attributes everything to the bias")
    func stumpsOnly() throws {
        var leaf = Tree()
        leaf.appendNode(value: 0.25, cover: 3)
        let model = BoostedModel(parameters: TrainingParameters(), featureNames: ["a"], baseScore: [1], trees: [leaf, leaf])
        let result = try Explanation.contributions(model, features: [Column(name: "a", floats: [1, 2])])
        #expect(result == [[0, 1.5, 0, 1.5]])
        let empty = try Explanation.contributions(model, features: [Column(name: "a", floats: [])])
        #expect(empty == [[]])
    }

    @Test("a string column, a count mismatch, ragged columns and a broken tree are errors")
    func errors() {
        let model = Self.handTree()
        #expect {
            try Explanation.contributions(model, features: [Column(name: "x0", floats: [1]), Column(name: "name", strings: ["a"])])
        } throws: { error in
            guard let error = error as? TreesError else { return false }
            return error.kind == .invalidData && error.message.contains("'name'")
        }
        #expect {
            try Explanation.contributions(model, features: [Column(name: "x0", floats: [1])])
        } throws: { error in
            (error as? TreesError)?.message.contains("2 features (x0, x1) but 1 columns") == true
        }
        #expect {
            try Explanation.contributions(model, features: [Column(name: "x0", floats: [1]), Column(name: "x1", floats: [1, 2])])
        } throws: { error in
            (error as? TreesError)?.message.contains("'x1' has 2 rows") == true
        }
        // An unreachable split node (left over after pruning) is fine if its ids are in range.
        var orphaned = model
        orphaned.trees[0].appendNode(value: 9, cover: 1)
        orphaned.trees[0].split(5, feature: 1, threshold: 0, defaultLeft: true, gain: 0, left: 3, right: 4)
        #expect(throws: Never.self) {
            try Explanation.contributions(orphaned, features: [Column(name: "x0", floats: [1]), Column(name: "x1", floats: [1])])
        }
        orphaned.trees[0].rightChild[5] = 40
        #expect {
            try Explanation.contributions(orphaned, features: [Column(name: "x0", floats: [1]), Column(name: "x1", floats: [1])])
        } throws: { error in
            (error as? TreesError)?.message == "explain: inconsistent model: trees[0].right[5] = 40 is not a node id (the tree has 6 nodes)"
        }
        var broken = model
        broken.trees[0].leftChild[1] = 0
        #expect {
            try Explanation.contributions(broken, features: [Column(name: "x0", floats: [1]), Column(name: "x1", floats: [1])])
        } throws: { error in
            (error as? TreesError)?.kind == .modelFile
        }
    }
}

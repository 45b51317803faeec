import Frame
import Testing
@testable import Trees

/// One tree (1 round, learning rate 1, λ 0) on datasets small enough to work out by hand.
@Suite("Trainer: hand-computed trees")
struct HandComputedTreeTests {
    static func parameters(depth: Int = 1) -> TrainingParameters {
        var p = TrainingParameters()
        p.rounds = 1
        p.learningRate = 1
        p.lambda = 0
        p.minChildWeight = 0
        p.maxDepth = depth
        p.threads = 1
        return p
    }

    /// x = 1, 2, 3, 4 and y = 1, 1, 5, 5: base 3, gradients 2, 2, −2, −2. Cuts 1.5, 2.5, 3.5;
    /// gains 16/3, 16, 16/3, so the split is x < 2.5 with leaves −4/2 = −2 and +2.
    @Test("a stump splits at the best midpoint with Newton leaf values")
    func stump() throws {
        let x = Column(name: "x", floats: [1, 2, 3, 4])
        let y = Column(name: "y", floats: [1, 1, 5, 5])
        let model = try GradientBoosting.train(features: [x], target: y, parameters: Self.parameters())
        #expect(model.baseScore == [3])
        #expect(model.trees.count == 1)
        let tree = model.trees[0]
        #expect(tree.feature == [0, -1, -1])
        #expect(tree.threshold[0] == 2.5)
        #expect(tree.leftChild == [1, -1, -1])
        #expect(tree.rightChild == [2, -1, -1])
        #expect(tree.value == [0, -2, 2])
        #expect(tree.cover == [4, 2, 2])
        #expect(tree.gain[0] == 16)
        // No nulls seen and two rows each way: nulls go right (ties right).
        #expect(tree.defaultLeft[0] == false)
        let predictions = try GradientBoosting.predict(model, features: [x])
        #expect(predictions == [[1, 1, 5, 5]])
    }

    /// Nulls with y = 8 (gradient −2 each): sending them right gains 72 + 24 = 96, left only 32/3.
    @Test("nulls go to the side that gains more (right)")
    func nullsRight() throws {
        let x = Column(name: "x", floats: [1, 2, 3, 4, 0, 0, 0, 0], validity: [true, true, true, true, false, false, false, false])
        let y = Column(name: "y", floats: [0, 0, 8, 8, 8, 8, 8, 8])
        let model = try GradientBoosting.train(features: [x], target: y, parameters: Self.parameters())
        #expect(model.baseScore == [6])
        let tree = model.trees[0]
        #expect(tree.threshold[0] == 2.5)
        #expect(tree.defaultLeft[0] == false)
        #expect(tree.gain[0] == 96)
        #expect(tree.value[1] == -6)
        #expect(tree.value[2] == 2)
        #expect(tree.cover == [8, 2, 6])
    }

    /// Nulls with y = 0 (gradient 2 each): left gains 24 + 72 = 96, right only 32/3.
    @Test("nulls go to the side that gains more (left)")
    func nullsLeft() throws {
        let x = Column(name: "x", floats: [1, 2, 3, 4, 0, 0, 0, 0], validity: [true, true, true, true, false, false, false, false])
        let y = Column(name: "y", floats: [0, 0, 8, 8, 0, 0, 0, 0])
        let model = try GradientBoosting.train(features: [x], target: y, parameters: Self.parameters())
        #expect(model.baseScore == [2])
        let tree = model.trees[0]
        #expect(tree.threshold[0] == 2.5)
        #expect(tree.defaultLeft[0] == true)
        #expect(tree.gain[0] == 96)
        #expect(tree.value[1] == -2)
        #expect(tree.value[2] == 6)
        let predictions = try GradientBoosting.predict(model, features: [x])
        #expect(predictions == [[0, 0, 8, 8, 0, 0, 0, 0]])
    }

    /// A node that saw no null sends nulls to the child with more training rows.
    @Test("unseen nulls follow the larger child")
    func unseenNullsFollowTheMajority() throws {
        let x = Column(name: "x", floats: [1, 2, 3, 4, 5])
        let y = Column(name: "y", floats: [0, 0, 0, 0, 10])
        let model = try GradientBoosting.train(features: [x], target: y, parameters: Self.parameters())
        let tree = model.trees[0]
        #expect(tree.threshold[0] == 4.5)
        #expect(tree.defaultLeft[0] == true)
        let predictions = try GradientBoosting.predict(
            model, features: [Column(name: "x", floats: [0], validity: [false])])
        #expect(predictions == [[0]])
    }

    /// Depth 2 on two features: x0 separates {y ≤ 4} from {y ≥ 12}; inside each half x1 splits
    /// 0 from 4 and 12 from 20. Node ids are level by level: 0; 1, 2; 3, 4 under 1; 5, 6 under 2.
    @Test("depth-wise growth numbers nodes level by level")
    func depthTwo() throws {
        let x0 = Column(name: "x0", ints: [0, 0, 0, 0, 1, 1, 1, 1])
        let x1 = Column(name: "x1", ints: [0, 1, 0, 1, 0, 1, 0, 1])
        let y = Column(name: "y", floats: [0, 4, 0, 4, 12, 20, 12, 20])
        let model = try GradientBoosting.train(features: [x0, x1], target: y, parameters: Self.parameters(depth: 2))
        #expect(model.baseScore == [9])
        let tree = model.trees[0]
        #expect(tree.feature == [0, 1, 1, -1, -1, -1, -1])
        #expect(tree.threshold[0] == 0.5 && tree.threshold[1] == 0.5 && tree.threshold[2] == 0.5)
        #expect(tree.leftChild == [1, 3, 5, -1, -1, -1, -1])
        #expect(tree.rightChild == [2, 4, 6, -1, -1, -1, -1])
        #expect(tree.value == [0, -7, 7, -9, -5, 3, 11])
        let predictions = try GradientBoosting.predict(model, features: [x0, x1])
        #expect(predictions == [[0, 4, 0, 4, 12, 20, 12, 20]])
    }

    /// Leaf-wise growth with 3 leaves splits the root, then the child with the larger gain.
    @Test("leaf-wise growth splits the best leaf first")
    func leafWise() throws {
        let x0 = Column(name: "x0", ints: [0, 0, 0, 0, 1, 1, 1, 1])
        let x1 = Column(name: "x1", ints: [0, 1, 0, 1, 0, 1, 0, 1])
        let y = Column(name: "y", floats: [0, 4, 0, 4, 12, 20, 12, 20])
        var p = Self.parameters(depth: 0)
        p.growth = .leafWise
        p.maxLeaves = 3
        let model = try GradientBoosting.train(features: [x0, x1], target: y, parameters: p)
        let tree = model.trees[0]
        // Right half (gain 64) beats left half (gain 16).
        #expect(tree.feature == [0, -1, 1, -1, -1])
        #expect(tree.value == [0, -7, 7, 3, 11])
    }

    /// min_child_weight, γ and λ: a split whose children are too light, or whose gain is below γ, is not made.
    @Test("regularisation blocks splits and shrinks leaves")
    func regularisation() throws {
        let x = Column(name: "x", floats: [1, 2, 3, 4])
        let y = Column(name: "y", floats: [1, 1, 5, 5])
        var p = Self.parameters()
        p.minChildWeight = 3
        var model = try GradientBoosting.train(features: [x], target: y, parameters: p)
        #expect(model.trees[0].nodeCount == 1)
        p = Self.parameters()
        p.gamma = 16.5
        model = try GradientBoosting.train(features: [x], target: y, parameters: p)
        #expect(model.trees[0].nodeCount == 1)
        p = Self.parameters()
        p.lambda = 2
        model = try GradientBoosting.train(features: [x], target: y, parameters: p)
        // Leaves −4/(2+2) and 4/(2+2); gain 4 + 4 − 0.
        #expect(model.trees[0].value == [0, -1, 1])
        #expect(model.trees[0].gain[0] == 8)
    }

    /// Binary logistic: base score is the log-odds of the mean; gradients p − y, hessians p(1 − p).
    @Test("binary stump has log-odds base score and Newton leaves")
    func binaryStump() throws {
        let x = Column(name: "x", floats: [1, 2, 3, 4])
        let y = Column(name: "y", ints: [0, 0, 1, 1])
        let model = try GradientBoosting.train(
            features: [x], target: y, parameters: { var p = Self.parameters(); p.objective = .binaryLogistic; return p }())
        #expect(model.baseScore == [0])
        let tree = model.trees[0]
        // p = 0.5 everywhere: g = ±0.5, h = 0.25; leaf = −(2 × 0.5) / (2 × 0.25) = ∓2.
        #expect(tree.threshold[0] == 2.5)
        #expect(tree.value[1] == -2)
        #expect(tree.value[2] == 2)
        let p = try GradientBoosting.predict(model, features: [x])[0]
        #expect(abs(p[0] - 1 / (1 + 2.718281828459045 * 2.718281828459045)) < 1e-15)
    }

    /// Absolute error: the tree's leaves are the medians of the residuals in each leaf.
    @Test("absolute-error leaves are median residuals")
    func absoluteErrorMedians() throws {
        let x = Column(name: "x", floats: [1, 2, 3, 4, 5, 6])
        let y = Column(name: "y", floats: [1, 2, 9, 10, 11, 40])
        var p = Self.parameters()
        p.objective = .absoluteError
        let model = try GradientBoosting.train(features: [x], target: y, parameters: p)
        #expect(model.baseScore == [9.5])
        let tree = model.trees[0]
        // Signs +1, +1, +1, −1, −1, −1: the best split is x < 3.5 (gain 3 + 3).
        #expect(tree.threshold[0] == 3.5)
        // Left residuals −8.5, −7.5, −0.5 → −7.5; right 0.5, 1.5, 30.5 → 1.5.
        #expect(tree.value[1] == -7.5)
        #expect(tree.value[2] == 1.5)
    }
}

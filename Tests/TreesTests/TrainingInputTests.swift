import Frame
import Testing
@testable import Trees

/// Every bad argument or column gives a `TreesError` whose message names it.
@Suite("Trainer: input validation")
struct TrainingInputTests {
    static let x = Column(name: "x", floats: [1, 2, 3, 4])
    static let y = Column(name: "y", floats: [1, 2, 3, 4])

    static func error(
        features: [Column] = [x], target: Column = y, validation: (features: [Column], target: Column)? = nil,
        _ configure: (inout TrainingParameters) -> Void = { _ in }
    ) -> TreesError? {
        var p = TrainingParameters()
        configure(&p)
        do {
            _ = try GradientBoosting.train(features: features, target: target, parameters: p, validation: validation)
            return nil
        } catch {
            return error
        }
    }

    /// A parameter change and the message it must produce.
    struct BadParameter: Sendable, CustomTestStringConvertible {
        let message: String
        let apply: @Sendable (inout TrainingParameters) -> Void
        init(_ message: String, _ apply: @escaping @Sendable (inout TrainingParameters) -> Void) {
            self.message = message
            self.apply = apply
        }
        var testDescription: String { message }
    }

    static let badParameterCases: [BadParameter] = [
        BadParameter("rounds must be at least 1 (got 0)") { $0.rounds = 0 },
        BadParameter("learningRate must be a positive number (got 0.0)") { $0.learningRate = 0 },
        BadParameter("learningRate must be a positive number (got nan)") { $0.learningRate = .nan },
        BadParameter("maxBins must be in 2…255 (got 256)") { $0.maxBins = 256 },
        BadParameter("maxBins must be in 2…255 (got 1)") { $0.maxBins = 1 },
        BadParameter("subsample must be in (0, 1] (got 0.0)") { $0.subsample = 0 },
        BadParameter("subsample must be in (0, 1] (got 1.5)") { $0.subsample = 1.5 },
        BadParameter("colsample must be in (0, 1] (got -0.5)") { $0.colsample = -0.5 },
        BadParameter("depth-wise growth needs maxDepth of at least 1 (0 means unlimited only for leaf-wise growth)") { $0.maxDepth = 0 },
        BadParameter("leaf-wise growth needs maxLeaves of at least 2 (got 0)") { $0.growth = .leafWise },
        BadParameter("leaf-wise growth needs maxLeaves of at least 2 (got 1)") { $0.growth = .leafWise; $0.maxLeaves = 1 },
        BadParameter("maxDepth must be 0 or more (got -1)") { $0.maxDepth = -1 },
        BadParameter("lambda must be 0 or more (got -1.0)") { $0.lambda = -1 },
        BadParameter("alpha must be 0 or more (got -1.0)") { $0.alpha = -1 },
        BadParameter("gamma must be 0 or more (got -1.0)") { $0.gamma = -1 },
        BadParameter("minChildWeight must be 0 or more (got -1.0)") { $0.minChildWeight = -1 },
        BadParameter("huberDelta must be a positive number (got 0.0)") { $0.huberDelta = 0 },
        BadParameter("threads must be at least 1 (got 0)") { $0.threads = 0 },
        BadParameter("earlyStoppingRounds needs a validation frame to watch") { $0.earlyStoppingRounds = 3 },
        BadParameter("multiclass needs classCount in 2…10000 (got 1)") { $0.objective = .multiclassSoftmax },
        BadParameter("metric auc needs a binary or multiclass objective (got regression)") { $0.metric = .auc },
        BadParameter("metric logloss needs a binary or multiclass objective (got regression_l1)") { $0.objective = .absoluteError; $0.metric = .logloss },
    ]

    @Test("bad parameters", arguments: badParameterCases)
    func badParameters(_ bad: BadParameter) {
        #expect(Self.error(bad.apply) == TreesError(.invalidArgument, bad.message))
    }

    @Test("a string feature names the column and how to encode it")
    func stringFeature() {
        let city = Column(name: "city", strings: ["a", "b", "a", "c"])
        let error = Self.error(features: [Self.x, city])
        #expect(error?.kind == .invalidData)
        #expect(error?.message.hasPrefix("feature .city is a string column; encode it first") == true)
    }

    @Test("target problems name the target")
    func badTargets() {
        #expect(Self.error(target: Column(name: "y", floats: [1, 2, 3, 4], validity: [true, false, false, false]))
            == TreesError(.invalidData, "target .y has 3 nulls"))
        #expect(Self.error(target: Column(name: "y", floats: [1, .nan, 3, 4]))
            == TreesError(.invalidData, "target .y has a non-finite value (nan) in row 2"))
        #expect(Self.error(target: Column(name: "label", ints: [0, 1, 2, 1]) ) { $0.objective = .binaryLogistic }
            == TreesError(.invalidData, "binary target .label must be 0 or 1 (or bool); row 3 is 2"))
        #expect(Self.error(target: Column(name: "k", ints: [0, 1, 3, 1])) {
            $0.objective = .multiclassSoftmax
            $0.classCount = 3
        } == TreesError(.invalidData, "multiclass target .k must be an int in 0..<3; row 3 is 3"))
        #expect(Self.error(target: Column(name: "k", floats: [0, 1.5, 2, 1])) {
            $0.objective = .multiclassSoftmax
            $0.classCount = 3
        } == TreesError(.invalidData, "multiclass target .k must be an int in 0..<3; row 2 is 1.5"))
        #expect(Self.error(target: Column(name: "s", strings: ["a", "b", "c", "d"]))
            == TreesError(.invalidData, "target .s is a string column; the target must be numeric"))
    }

    @Test("empty inputs and mismatched lengths")
    func shapes() {
        #expect(Self.error(features: []) == TreesError(.invalidArgument, "no feature columns to train on"))
        #expect(Self.error(features: [Column(name: "x", floats: [])], target: Column(name: "y", floats: []))
            == TreesError(.invalidData, "the training frame has no rows"))
        #expect(Self.error(features: [Column(name: "x", floats: [1, 2])])
            == TreesError(.invalidData, "training feature .x has 2 rows; the target has 4"))
    }

    @Test("validation columns must match the training columns")
    func validationShape() {
        let z = Column(name: "z", ints: [1, 2, 3, 4])
        #expect(Self.error(validation: ([Self.x, z], Self.y))
            == TreesError(.invalidData, "validation has 2 feature columns; training has 1"))
        #expect(Self.error(validation: ([z], Self.y))
            == TreesError(.invalidData, "validation feature 1 (.z) is int; training feature .x is float"))
        #expect(Self.error(validation: ([Column(name: "x", floats: [])], Column(name: "y", floats: [])))
            == TreesError(.invalidData, "the validation frame has no rows"))
        #expect(Self.error(validation: ([Self.x], Column(name: "y", floats: [1, 2, 3, 4], validity: [false, true, true, true])))
            == TreesError(.invalidData, "validation target .y has 1 null"))
    }

    @Test("prediction checks its columns against the model")
    func predictionInput() throws {
        let model = try GradientBoosting.train(features: [Self.x], target: Self.y, parameters: TrainingParameters())
        #expect(throws: TreesError(.invalidArgument, "the model has 1 features; got 2 columns")) {
            try GradientBoosting.predict(model, features: [Self.x, Self.x])
        }
        #expect(throws: TreesError.self) {
            try GradientBoosting.predict(model, features: [Column(name: "x", strings: ["a"])])
        }
        // An empty frame predicts nothing.
        #expect(try GradientBoosting.predict(model, features: [Column(name: "x", floats: [])]) == [[]])
    }

    @Test("degenerate but valid data trains")
    func degenerate() throws {
        // One row, a constant feature, an all-null feature: a single-leaf tree at the mean.
        let one = try GradientBoosting.train(
            features: [Column(name: "x", floats: [5])], target: Column(name: "y", floats: [2]),
            parameters: TrainingParameters())
        #expect(try GradientBoosting.predict(one, features: [Column(name: "x", floats: [7])]) == [[2]])
        let nulls = Column(name: "n", floats: [0, 0, 0, 0], validity: [false, false, false, false])
        let constant = Column(name: "c", ints: [3, 3, 3, 3])
        let model = try GradientBoosting.train(features: [nulls, constant], target: Self.y, parameters: TrainingParameters())
        #expect(model.trees.allSatisfy { $0.nodeCount == 1 })
        #expect(try GradientBoosting.predict(model, features: [nulls, constant]) == [[2.5, 2.5, 2.5, 2.5]])
        // A row sample that can come out empty leaves a tree of one zero leaf.
        var sampled = TrainingParameters()
        sampled.subsample = 0.01
        sampled.rounds = 5
        let tiny = try GradientBoosting.train(features: [Self.x], target: Self.y, parameters: sampled)
        #expect(tiny.trees.count == 5)
        #expect(try GradientBoosting.predict(tiny, features: [Self.x])[0].allSatisfy { $0.isFinite })
    }
}

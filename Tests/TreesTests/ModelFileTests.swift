import Foundation
import Testing
@testable import Trees
import TestSupport

@Suite("Model file")
struct ModelFileTests {
    /// A small model whose file text is spelled out below.
    static func tinyModel() -> BoostedModel {
        var tree = Tree()
        tree.appendNode(value: 0.25, cover: 10)
        tree.appendNode(value: -0.5, cover: 4)
        tree.appendNode(value: 1e-7, cover: 6)
        tree.split(0, feature: 1, threshold: 2.5, defaultLeft: false, gain: 3.75, left: 1, right: 2)
        var parameters = TrainingParameters()
        parameters.objective = .binaryLogistic
        parameters.metric = .auc
        parameters.rounds = 1
        return BoostedModel(
            parameters: parameters, featureNames: ["age", "say \"hi\"\n"], baseScore: [-0.0], trees: [tree], bestRound: 1,
            validationHistory: [0.75])
    }

    static let tinyText = """
        {
          "format": "fti-gbdt",
          "version": 1,
          "parameters": {
            "objective": "binary",
            "class_count": 1,
            "rounds": 1,
            "learning_rate": 0.1,
            "growth": "depthwise",
            "max_depth": 6,
            "max_leaves": 0,
            "max_bins": 255,
            "lambda": 1.0,
            "alpha": 0.0,
            "gamma": 0.0,
            "min_child_weight": 1.0,
            "subsample": 1.0,
            "colsample": 1.0,
            "huber_delta": 1.0,
            "early_stopping_rounds": 0,
            "metric": "auc",
            "seed": 42
          },
          "feature_names": ["age", "say \\"hi\\"\\n"],
          "base_score": [-0.0],
          "best_round": 1,
          "validation_history": [0.75],
          "trees": [
            {
              "feature": [1, -1, -1],
              "threshold": [2.5, 0.0, 0.0],
              "left": [1, -1, -1],
              "right": [2, -1, -1],
              "default_left": [false, true, true],
              "value": [0.25, -0.5, 1e-07],
              "cover": [10.0, 4.0, 6.0],
              "gain": [3.75, 0.0, 0.0]
            }
          ]
        }

        """

    /// Every Double of a model, in a fixed order, as bit patterns (tells -0.0 from 0.0).
    static func bits(_ model: BoostedModel) -> [UInt64] {
        let p = model.parameters
        var all = [p.learningRate, p.lambda, p.alpha, p.gamma, p.minChildWeight, p.subsample, p.colsample, p.huberDelta]
        all += model.baseScore + model.validationHistory
        for tree in model.trees { all += tree.threshold + tree.value + tree.cover + tree.gain }
        return all.map(\.bitPattern)
    }

    static func decodeError(_ text: String) -> TreesError? {
        do {
            _ = try ModelFile.decode(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("the tiny model encodes to the documented text and back")
    func tinyGolden() throws {
        let model = Self.tinyModel()
        #expect(ModelFile.encode(model) == Self.tinyText)
        let decoded = try ModelFile.decode(Self.tinyText)
        #expect(decoded == model)
        #expect(Self.bits(decoded) == Self.bits(model))
        #expect(decoded.baseScore[0].sign == .minus)
    }

    @Test("random models round-trip exactly, special Doubles included", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        var random = UseTestRandom(seed: seed)
        let classCount = seed % 2 == 0 ? 3 : 1
        var model = RandomUseModels.model(
            &random, featureCount: 1 + random.below(6), rounds: 1 + random.below(6), maxDepth: 1 + random.below(5),
            classCount: classCount)
        let specials: [Double] = [
            -0.0, 0.0, .leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, 2.2250738585072014e-308 / 3, 1e300, -1e300, .greatestFiniteMagnitude, 0.1,
            1.0 / 3.0, 123456789012345680, 1e-7, 1e16,
        ]
        for index in 0..<model.trees.count {
            for node in 0..<model.trees[index].nodeCount {
                // Random finite bit patterns stress the shortest round-trip printing.
                var pattern = random.next()
                while !Double(bitPattern: pattern).isFinite { pattern = random.next() }
                model.trees[index].value[node] = random.below(3) == 0
                    ? specials[random.below(specials.count)] : Double(bitPattern: pattern)
                if model.trees[index].feature[node] < 0 { model.trees[index].threshold[node] = specials[random.below(specials.count)] }
            }
        }
        model.parameters.seed = UInt64.max - seed
        model.parameters.learningRate = specials[random.below(specials.count)]
        model.parameters.metric = seed % 2 == 0 ? .logloss : nil
        model.parameters.growth = seed % 3 == 0 ? .leafWise : .depthWise
        model.parameters.maxLeaves = 31
        model.parameters.earlyStoppingRounds = 5
        model.bestRound = seed % 2 == 0 ? nil : model.roundCount
        model.validationHistory = (0..<model.roundCount).map { _ in random.unit() }
        model.featureNames = model.featureNames.enumerated().map { index, name in index == 0 ? "ünï \u{1F600} \t\u{01}" : name }

        let text = ModelFile.encode(model)
        let decoded = try ModelFile.decode(text)
        #expect(decoded == model)
        #expect(Self.bits(decoded) == Self.bits(model))
        #expect(ModelFile.encode(decoded) == text)
        #expect(ModelFile.encode(model) == text)
    }

    @Test("NaN and infinities are written as strings and read back")
    func nonFinite() throws {
        var model = Self.tinyModel()
        model.validationHistory = [.nan, .infinity, -.infinity]
        model.trees[0].threshold[1] = .infinity
        let text = ModelFile.encode(model)
        #expect(text.contains("\"validation_history\": [\"NaN\", \"Infinity\", \"-Infinity\"]"))
        let decoded = try ModelFile.decode(text)
        #expect(decoded.validationHistory[0].isNaN)
        #expect(decoded.validationHistory[1] == .infinity)
        #expect(decoded.validationHistory[2] == -.infinity)
        #expect(decoded.trees[0].threshold[1] == .infinity)
    }

    @Test("threads are not recorded, so thread count never changes the bytes")
    func threadsNotRecorded() throws {
        var model = Self.tinyModel()
        model.parameters.threads = 7
        var other = model
        other.parameters.threads = 1
        #expect(ModelFile.encode(model) == ModelFile.encode(other))
        #expect(try ModelFile.decode(ModelFile.encode(model)).parameters.threads == TrainingParameters().threads)
    }

    @Test("syntax errors name line and column")
    func syntaxErrors() {
        let cases: [(String, String)] = [
            ("", "line 1, column 1: the file is empty"),
            ("hello", "line 1, column 1: unexpected 'h', expected a value"),
            ("{\n  \"format\": \"fti-gbdt\",\n  \"version\": 1,,\n}", "line 3, column 16: unexpected ','"),
            ("{\"a\": 1} x", "line 1, column 10: unexpected text after the end"),
            ("{\"a\": 01}", "line 1, column 7: a number cannot start with 0"),
            ("{\"a\": \"x\u{01}\"}", "a control character must be escaped"),
            ("{\"a\": 1, \"a\": 2}", "line 1, column 10: duplicate key \"a\""),
            ("[1, 2", "unexpected end of file inside an array"),
            ("{\"a\": \"\\q\"}", "invalid escape"),
            ("{\"a\": \"\\ud800\"}", "surrogate"),
            ("{\"a\": NaN}", "unexpected 'N', expected a value"),
            ("{\"é\": tru}", "line 1, column 7: unexpected 't'"),
            (String(repeating: "[", count: 100), "nesting deeper than 64"),
        ]
        for (text, expected) in cases {
            let error = Self.decodeError(text)
            #expect(error?.kind == .modelFile, "\(text)")
            #expect(error?.message.contains(expected) == true, "\(text): \(error?.message ?? "no error")")
        }
    }

    @Test("every prefix of a valid file is rejected cleanly")
    func truncated() {
        let text = Array(Self.tinyText.utf8)
        var index = 0
        while index < text.count - 2 {
            let prefix = String(decoding: text[0..<index], as: UTF8.self)
            #expect(Self.decodeError(prefix)?.kind == .modelFile, "prefix of \(index) bytes")
            index += 1
        }
    }

    @Test("random byte changes never crash the decoder", arguments: [21, 22, 23] as [UInt64])
    func mutations(seed: UInt64) {
        var random = UseTestRandom(seed: seed)
        let original = Array(Self.tinyText.utf8)
        let alphabet = Array("{}[]:,\"\\-0123456789.eE ntfaluo".utf8)
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<(1 + random.below(3)) {
                bytes[random.below(bytes.count)] = alphabet[random.below(alphabet.count)]
            }
            do {
                let model = try ModelFile.decode(String(decoding: bytes, as: UTF8.self))
                // Whatever decodes must be a model the rest of the module can walk.
                _ = try ModelFileValidation.treeDepths(of: model)
            } catch {
                #expect(error.kind == .modelFile)
            }
        }
    }

    /// The tiny file with one piece of text replaced.
    static func edited(_ old: String, _ new: String) -> String {
        Self.tinyText.replacingOccurrences(of: old, with: new)
    }

    @Test("inconsistent content is rejected with the field named")
    func semanticErrors() {
        let cases: [(String, String)] = [
            (Self.edited("\"version\": 1", "\"version\": 2"), "model file version 2 is newer than the version this fti reads (1)"),
            (Self.edited("\"version\": 1", "\"version\": \"1\""), "version must be an integer, found the string \"1\""),
            (Self.edited("\"fti-gbdt\"", "\"xgboost\""), "not an fti model file"),
            ("{\"version\": 1}", "not an fti model file (no \"format\" field)"),
            ("[1]", "the file must be an object, found an array"),
            (Self.edited("\"left\": [1, -1, -1]", "\"left\": [7, -1, -1]"), "trees[0].left[0] = 7 is not a node id (the tree has 3 nodes)"),
            (Self.edited("\"left\": [1, -1, -1]", "\"left\": [0, -1, -1]"), "trees[0].left[0] = 0 points back"),
            (Self.edited("\"right\": [2, -1, -1]", "\"right\": [1, -1, -1]"), "trees[0].right[0] = 1 points back"),
            (Self.edited("\"cover\": [10.0, 4.0, 6.0]", "\"cover\": [10.0, 4.0]"), "trees[0].cover has 2 entries, trees[0].feature has 3"),
            (Self.edited("\"feature\": [1, -1, -1]", "\"feature\": [2, -1, -1]"), "trees[0].feature[0] = 2 but the model has 2 features"),
            (Self.edited("\"feature\": [1, -1, -1]", "\"feature\": [1, -1, 1.5]"), "trees[0].feature[2] must be an integer"),
            (Self.edited("\"feature\": [1, -1, -1]", "\"feature\": [1, -1, 4294967296]"), "trees[0].feature[2] must be an integer from"),
            (Self.edited("\"default_left\": [false", "\"default_left\": [0"), "trees[0].default_left[0] must be true or false"),
            (Self.edited("\"value\": [0.25", "\"value\": [null"), "trees[0].value[0] must be a number"),
            (Self.edited("\"objective\": \"binary\"", "\"objective\": \"poisson\""), "parameters.objective must be one of \"regression\""),
            (Self.edited("\"metric\": \"auc\"", "\"metric\": 3"), "parameters.metric must be one of"),
            (Self.edited("\"seed\": 42", "\"seed\": -1"), "parameters.seed must be an integer from 0 to 18446744073709551615"),
            (Self.edited("\"rounds\": 1,", "\"rounds\": -1,"), "parameters.rounds must be an integer ≥ 0, found -1.0"),
            (Self.edited("    \"max_bins\": 255,\n", ""), "parameters.max_bins is missing"),
            (Self.edited("\"seed\": 42", "\"seed\": 42, \"max_bin\": 3"), "unknown field parameters.max_bin"),
            (Self.edited("\"gain\"", "\"gains\""), "trees[0].gain is missing"),
            (Self.edited("\"base_score\": [-0.0]", "\"base_score\": [-0.0, 1.0]"), "base_score has 2 entries; the objective needs 1"),
            (Self.edited("\"best_round\": 1", "\"best_round\": 2"), "best_round is 2 but the model has 1 rounds"),
            (Self.edited("\"trees\": [", "\"trees\": [[], "), "trees[0] must be an object, found an array"),
            (Self.edited("\"feature\": [1, -1, -1]", "\"feature\": [1, -1, -3]"), "trees[0].feature[2] = -3 is not -1"),
            (Self.edited("\"left\": [1, -1, -1]", "\"left\": [1, 0, -1]"), "trees[0].left[1] and right[1] must be -1 at a leaf"),
        ]
        for (text, expected) in cases {
            let error = Self.decodeError(text)
            #expect(error?.kind == .modelFile, "\(expected)")
            #expect(error?.message.contains(expected) == true, "expected '\(expected)', got: \(error?.message ?? "no error")")
        }
    }

    @Test("write is atomic and read names the path")
    func files() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fti-modelfile-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("model.json").path
        let model = Self.tinyModel()
        try ModelFile.write(model, to: path)
        try ModelFile.write(model, to: path)
        #expect(try ModelFile.read(from: path) == model)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.tinyText)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.json"])

        let missing = folder.appendingPathComponent("absent.json").path
        #expect { try ModelFile.read(from: missing) } throws: { error in
            (error as? TreesError)?.kind == .io && (error as? TreesError)?.message.contains("absent.json") == true
        }
        #expect { try ModelFile.write(model, to: folder.appendingPathComponent("no/such/dir/m.json").path) } throws: { error in
            (error as? TreesError)?.kind == .io
        }
        let broken = folder.appendingPathComponent("broken.json").path
        try Data("{\n  \"format\": 1".utf8).write(to: URL(fileURLWithPath: broken))
        #expect { try ModelFile.read(from: broken) } throws: { error in
            (error as? TreesError)?.message.hasPrefix("'\(broken)': line 2, column") == true
        }
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: broken))
        #expect { try ModelFile.read(from: broken) } throws: { error in
            (error as? TreesError)?.message.contains("not UTF-8") == true
        }
    }
}

import Frame
import Lang

/// Builtins drawing from the session's one seeded generator (`RandomGenerator`, SplitMix64). Each
/// session starts from `SessionOptions.seed` (42 unless set), so a notebook replays the same draws.
enum RandomLibrary {
    static let builtins: [Builtin] = [
        Builtin(name: "seed", parameters: ["n"], signature: "seed(n)",
                summary: "Restarts the session's random generator from n (every session starts from 42)",
                group: "random") { args, vm throws(Diagnostic) in
            let seed = try args.int(0, "n")
            try session(vm, args).random.reseed(UInt64(bitPattern: seed))
            return .null
        },
        Builtin(name: "rand", parameters: [], signature: "rand()",
                summary: "A uniform float in [0, 1) from the top 53 bits of one draw", group: "random") { args, vm throws(Diagnostic) in
            .float(try session(vm, args).random.nextDouble())
        },
        Builtin(name: "randn", parameters: [], signature: "randn()",
                summary: "A standard normal float (Box–Muller; the second of each pair is the next call's value)",
                group: "random") { args, vm throws(Diagnostic) in
            .float(try session(vm, args).random.nextNormal())
        },
        Builtin(name: "rand_int", parameters: ["low", "high"], signature: "rand_int(low, high)",
                summary: "A uniform int with low ≤ n ≤ high (both ends included), without modulo bias",
                group: "random") { args, vm throws(Diagnostic) in
            let low = try args.int(0, "low")
            let high = try args.int(1, "high")
            guard low <= high else {
                throw Diagnostic("rand_int needs low ≤ high, found \(low) and \(high)", at: args.callSpan)
            }
            return .int(try session(vm, args).random.nextInt(in: low, high))
        },
        Builtin(name: "sample", parameters: ["data", "n", "replace"], required: 2, signature: "sample(data, n, replace: false)",
                summary: "n random elements of a list or rows of a frame, in the order drawn (no repeats unless replace)",
                group: "random") { args, vm throws(Diagnostic) in
            try sample(args, vm)
        },
        Builtin(name: "shuffle", parameters: ["data"], signature: "shuffle(data)",
                summary: "The elements of a list or rows of a frame in a random order (Fisher–Yates)",
                group: "random") { args, vm throws(Diagnostic) in
            let data = try args.required(0, "data")
            let count = try population(data, args)
            return pick(data, try session(vm, args).random.sampleIndices(count, from: count))
        },
    ]

    /// The session that owns the generator.
    static func session(_ vm: Interpreter, _ args: Arguments) throws(Diagnostic) -> Session {
        guard let session = vm.session else {
            throw Diagnostic("\(args.callee) needs a session's random generator", at: args.callSpan)
        }
        return session
    }

    /// Number of elements or rows to draw from.
    static func population(_ data: Value, _ args: Arguments) throws(Diagnostic) -> Int {
        switch data {
        case .list(let list):
            // The shuffle lays out every position; a lazy range may have more than memory holds.
            try checkMaterializable(list, args)
            return list.count
        case .host(let object as FrameValue): return object.frame.height
        default: throw args.error(0, "\(args.callee) expects a list or a frame, found \(data.typeName)")
        }
    }

    /// The elements or rows at `indices`, in that order.
    static func pick(_ data: Value, _ indices: [Int]) -> Value {
        switch data {
        case .host(let object as FrameValue): return .frame(object.frame.gather(indices))
        case .list(let list): return .list(ListValue(indices.map { list[$0] }))
        default: return .null
        }
    }

    /// `sample`: a partial Fisher–Yates shuffle without replacement, independent draws with it.
    static func sample(_ args: Arguments, _ vm: Interpreter) throws(Diagnostic) -> Value {
        let data = try args.required(0, "data")
        let available = try population(data, args)
        let count = try args.int(1, "n")
        let replace = try args.bool(2, "replace", default: false)
        let unit = data.typeName == "frame" ? "rows" : "elements"
        guard count >= 0 else { throw args.error(1, "sample needs a non-negative n, found \(count)") }
        if replace {
            guard available > 0 || count == 0 else {
                throw args.error(0, "sample cannot draw from an empty \(data.typeName)")
            }
            guard count <= 50_000_000 else {
                throw args.error(1, "sample of \(count) \(unit) is too large", hint: "draw at most 50,000,000")
            }
            return pick(data, try session(vm, args).random.sampleIndicesWithReplacement(Int(count), from: available))
        }
        guard count <= Int64(available) else {
            throw args.error(1, "sample cannot draw \(count) \(unit) from \(available) without replacement",
                             hint: "pass replace: true to allow repeats")
        }
        return pick(data, try session(vm, args).random.sampleIndices(Int(count), from: available))
    }
}

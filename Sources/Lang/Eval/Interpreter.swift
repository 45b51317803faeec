#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Process-wide interrupt request (Ctrl-C), set from a signal handler and polled at calls and loop steps.
public enum InterruptRequest {
    /// The flag; a signal handler may only store into it.
    public static let flag = Atomic<Bool>(false)
}

/// Runs compiled code: owns the value stack, the current frame and the session's globals.
public final class Interpreter {
    /// The session's top-level bindings.
    public let globals = Globals()
    /// Builtins by name, resolved at compile time.
    public private(set) var builtins: [String: Builtin] = [:]
    /// Builtin names in registration order, for help and completion.
    public private(set) var builtinNames: [String] = []
    /// Where `print` and friends write.
    public var output: (String) -> Void = { _ in }
    /// Runs `use "path"`: the runtime reads, compiles and runs the script into these globals.
    public var scriptLoader: ((String, SourceSpan, Interpreter) throws(Diagnostic) -> Void)?
    /// Deepest allowed nesting of function calls; deeper recursion is a diagnostic, not a crash.
    public var maximumCallDepth = 10_000
    /// A wall-clock limit for the current evaluation, checked with the interrupt flag (monotonic nanoseconds).
    public var deadline: UInt64?
    /// Opaque state the runtime attaches (options, the random generator, the display settings).
    public var context: AnyObject?

    var stack: [Value] = []
    var base = 0
    var captures: [Value] = []
    var currentClosure: Closure?
    var callDepth = 0
    private var pollCounter = 0

    /// Creates an interpreter with no builtins.
    public init() {
        stack.reserveCapacity(1024)
    }

    /// Registers a builtin; a later registration under the same name replaces the earlier one.
    public func register(_ builtin: Builtin) {
        if builtins[builtin.name] == nil { builtinNames.append(builtin.name) }
        builtins[builtin.name] = builtin
    }

    // MARK: - Running

    /// Runs a parsed unit statement by statement, calling `display` with each displayed
    /// expression value and its statement index.
    ///
    /// Each statement is compiled just before it runs, so names that an earlier statement brought
    /// in (through `use`) resolve; top-level `let` and `fn` names are declared up front, so
    /// functions may refer to ones defined later in the same unit.
    public func run(_ statements: [Statement], display: (Value, Int) -> Void) throws(Diagnostic) {
        Compiler.declareTopLevelNames(of: statements, in: globals)
        for (index, statement) in statements.enumerated() {
            let compiled = try Compiler(interpreter: self).compileTopLevel(statement)
            let value = try runFrame(compiled.node, frameSize: compiled.frameSize)
            if compiled.displayed { display(value, index) }
        }
    }

    /// Evaluates a top-level node in a fresh frame of `frameSize` slots, restoring the caller's state after.
    private func runFrame(_ node: Node, frameSize: Int) throws(Diagnostic) -> Value {
        let savedBase = base
        let savedDepth = callDepth
        let savedCaptures = captures
        let savedClosure = currentClosure
        base = stack.count
        captures = []
        currentClosure = nil
        stack.append(contentsOf: repeatElement(Value.null, count: frameSize))
        defer {
            stack.removeLast(stack.count - base)
            base = savedBase
            callDepth = savedDepth
            captures = savedCaptures
            currentClosure = savedClosure
        }
        return try node.evaluate(self)
    }

    /// Calls a function value with positional arguments (used by builtins such as `map`).
    public func call(_ function: Value, _ arguments: [Value], at span: SourceSpan) throws(Diagnostic) -> Value {
        switch function {
        case .closure(let closure):
            let newBase = stack.count
            stack.append(contentsOf: arguments)
            return try invoke(closure, newBase: newBase, positionalCount: arguments.count, named: [], at: span)
        case .builtin(let builtin):
            var args = try bind(builtin, positional: arguments.map { ($0, span) }, named: [], at: span)
            return try builtin.body(&args, self)
        default:
            throw Diagnostic("\(function.typeName) is not a function", at: span)
        }
    }

    /// Throws when Ctrl-C was pressed or the deadline passed; cheap enough to call per loop step.
    @inline(__always)
    public func checkInterrupt(at span: SourceSpan?) throws(Diagnostic) {
        if InterruptRequest.flag.load(ordering: .relaxed) {
            InterruptRequest.flag.store(false, ordering: .relaxed)
            throw Diagnostic("interrupted", at: span, kind: .interrupted)
        }
        if let deadline {
            pollCounter &+= 1
            if pollCounter & 1023 == 0, monotonicNanoseconds() > deadline {
                throw Diagnostic("time limit reached", at: span, kind: .interrupted)
            }
        }
    }

    // MARK: - Calls

    /// Runs a closure whose positional arguments are already on the stack from `newBase`.
    func invoke(_ closure: Closure, newBase: Int, positionalCount: Int, named: [(String, Value, SourceSpan)],
                at span: SourceSpan) throws(Diagnostic) -> Value {
        let proto = closure.proto
        let parameterCount = proto.parameterNames.count
        guard positionalCount <= parameterCount else {
            stack.removeLast(stack.count - newBase)
            throw Diagnostic("\(proto.name ?? "the lambda") takes \(parameterCount) argument\(parameterCount == 1 ? "" : "s"), got \(positionalCount)",
                             at: span, hint: proto.signature)
        }
        try checkInterrupt(at: span)
        guard callDepth < maximumCallDepth else {
            stack.removeLast(stack.count - newBase)
            throw Diagnostic("recursion too deep (more than \(maximumCallDepth) nested calls)", at: span,
                             hint: "is a base case missing?")
        }
        // Unfilled parameters are marked unset until a named argument or default fills them.
        var filled = [Bool](repeating: false, count: 0)
        if positionalCount < parameterCount {
            filled = [Bool](repeating: false, count: parameterCount)
            for i in 0..<positionalCount { filled[i] = true }
            stack.append(contentsOf: repeatElement(Value.null, count: parameterCount - positionalCount))
            for (label, value, labelSpan) in named {
                guard let index = proto.parameterNames.firstIndex(of: label) else {
                    stack.removeLast(stack.count - newBase)
                    let hint = closestName(to: label, among: proto.parameterNames).map { "did you mean '\($0)'?" } ?? proto.signature
                    throw Diagnostic("\(proto.name ?? "the lambda") has no parameter '\(label)'", at: labelSpan, hint: hint)
                }
                if filled[index] {
                    stack.removeLast(stack.count - newBase)
                    throw Diagnostic("argument '\(label)' given twice", at: labelSpan)
                }
                stack[newBase + index] = value
                filled[index] = true
            }
        } else if let first = named.first {
            stack.removeLast(stack.count - newBase)
            throw Diagnostic("\(proto.name ?? "the lambda") has no parameter '\(first.0)' left to fill", at: first.2, hint: proto.signature)
        }
        if proto.frameSize > parameterCount {
            stack.append(contentsOf: repeatElement(Value.null, count: proto.frameSize - parameterCount))
        }
        let savedBase = base
        let savedCaptures = captures
        let savedClosure = currentClosure
        base = newBase
        captures = closure.captures
        currentClosure = closure
        callDepth += 1
        defer {
            callDepth -= 1
            stack.removeLast(stack.count - newBase)
            base = savedBase
            captures = savedCaptures
            currentClosure = savedClosure
        }
        if !filled.isEmpty {
            for index in 0..<parameterCount where !filled[index] {
                guard let defaultNode = proto.defaults[index] else {
                    throw Diagnostic("\(proto.name ?? "the lambda") needs the argument '\(proto.parameterNames[index])'", at: span, hint: proto.signature)
                }
                stack[newBase + index] = try defaultNode.evaluate(self)
            }
        }
        return try proto.body.evaluate(self)
    }

    /// Binds call arguments to a builtin's declared parameters, checking counts and names.
    func bind(_ builtin: Builtin, positional: [(Value, SourceSpan)], named: [(String, Value, SourceSpan)],
              at span: SourceSpan) throws(Diagnostic) -> Arguments {
        var slots = [(value: Value, span: SourceSpan)?](repeating: nil, count: builtin.parameters.count)
        var rest: [(value: Value, span: SourceSpan)] = []
        for (index, argument) in positional.enumerated() {
            if index < slots.count {
                slots[index] = (argument.0, argument.1)
            } else if builtin.acceptsRest {
                rest.append((argument.0, argument.1))
            } else {
                throw Diagnostic("\(builtin.name) takes at most \(builtin.parameters.count) argument\(builtin.parameters.count == 1 ? "" : "s"), got \(positional.count)",
                                 at: argument.1, hint: builtin.signature)
            }
        }
        var options: [(label: String, value: Value, span: SourceSpan)] = []
        for (label, value, labelSpan) in named {
            if let index = builtin.parameters.firstIndex(of: label) {
                if slots[index] != nil { throw Diagnostic("argument '\(label)' given twice", at: labelSpan, hint: builtin.signature) }
                slots[index] = (value, labelSpan)
            } else if builtin.acceptsOptions {
                options.append((label, value, labelSpan))
            } else {
                let hint = closestName(to: label, among: builtin.parameters).map { "did you mean '\($0)'?" } ?? builtin.signature
                throw Diagnostic("\(builtin.name) has no parameter '\(label)'", at: labelSpan, hint: hint)
            }
        }
        for index in 0..<builtin.requiredCount where slots[index] == nil {
            throw Diagnostic("\(builtin.name) needs the argument '\(builtin.parameters[index])'", at: span, hint: builtin.signature)
        }
        return Arguments(callSpan: span, callee: builtin.name, slots: slots, rest: rest, options: options)
    }
}

/// Monotonic clock in nanoseconds, for deadlines and `:time`.
public func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

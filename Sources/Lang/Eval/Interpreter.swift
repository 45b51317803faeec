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
    /// Bytes of stack that running code may use below the point where the outermost `run` starts;
    /// a recursion that gets deeper is stopped with a diagnostic whatever its depth in calls, since
    /// one call's frames can be large (a deep expression in the body, a builtin that calls back).
    /// Set it to the thread's stack size less a reserve for the frames between two checks; nil
    /// leaves only `maximumCallDepth`.
    public var stackBudget: Int?
    /// A wall-clock limit for the current evaluation, checked with the interrupt flag (monotonic nanoseconds).
    public var deadline: UInt64?
    /// Opaque state the runtime attaches (options, the random generator, the display settings).
    public var context: AnyObject?

    var stack = ValueStack()
    var base = 0
    /// The closure whose body is running; its caller holds a reference for the whole call, so
    /// this one need not retain it (saving a retain/release pair per call).
    unowned(unsafe) var currentClosure: Closure?
    var callDepth = 0
    private var pollCounter = 0
    /// The lowest stack address a call may start at (0: no limit), from `stackBudget`.
    private var stackFloor: UInt = 0
    /// How many `run`s are active (a script's `use` runs another inside the first).
    private var runDepth = 0

    /// Creates an interpreter with no builtins.
    public init() {}

    deinit {
        stack.release()
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
        if runDepth == 0 {
            let here = currentStackAddress()
            stackFloor = stackBudget.map { here > UInt($0) ? here - UInt($0) : 0 } ?? 0
        }
        runDepth += 1
        defer {
            runDepth -= 1
            // Calls from outside a run (none today) must not be checked against this thread's stack.
            if runDepth == 0 { stackFloor = 0 }
        }
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
        unowned(unsafe) let savedClosure = currentClosure
        base = stack.count
        currentClosure = nil
        stack.pushNulls(frameSize)
        defer {
            stack.truncate(to: base)
            base = savedBase
            callDepth = savedDepth
            currentClosure = savedClosure
        }
        return try node.evaluate(self)
    }

    /// Calls a function value with positional arguments (used by builtins such as `map`).
    public func call(_ function: Value, _ arguments: [Value], at span: SourceSpan) throws(Diagnostic) -> Value {
        switch function {
        case .closure(let closure):
            let newBase = stack.count
            for argument in arguments { stack.push(argument) }
            return try invoke(closure, newBase: newBase, positionalCount: arguments.count, named: [], at: span)
        case .builtin(let builtin):
            var args = try bind(builtin, positional: arguments.map { ($0, span) }, named: [], at: span)
            return try builtin.body(&args, self)
        default:
            throw Diagnostic("\(function.typeName) is not a function", at: span)
        }
    }

    /// Calls a function value with one argument, without building an argument array (`map`, `filter`).
    public func call(_ function: Value, _ argument: Value, at span: SourceSpan) throws(Diagnostic) -> Value {
        guard case .closure(let closure) = function else { return try call(function, [argument], at: span) }
        let newBase = stack.count
        stack.push(argument)
        return try invoke(closure, newBase: newBase, positionalCount: 1, named: [], at: span)
    }

    /// Calls a function value with two arguments, without building an argument array (`reduce`).
    public func call(_ function: Value, _ first: Value, _ second: Value, at span: SourceSpan) throws(Diagnostic) -> Value {
        guard case .closure(let closure) = function else { return try call(function, [first, second], at: span) }
        let newBase = stack.count
        stack.push(first)
        stack.push(second)
        return try invoke(closure, newBase: newBase, positionalCount: 2, named: [], at: span)
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
        if positionalCount == closure.parameterCount && named.isEmpty {
            return try invoke(closure, newBase: newBase, at: span)
        }
        let filled = try bindMissing(closure.proto, newBase: newBase, positionalCount: positionalCount, named: named, at: span)
        return try enterFrame(closure, newBase: newBase, at: span) { () throws(Diagnostic) in
            try fillDefaults(closure.proto, filled: filled, newBase: newBase)
        }
    }

    /// Runs a closure whose arguments, exactly one per parameter, are on the stack from `newBase`:
    /// the path every ordinary call takes, kept free of the binding logic above.
    @inline(__always)
    func invoke(_ closure: Closure, newBase: Int, at span: SourceSpan) throws(Diagnostic) -> Value {
        try enterFrame(closure, newBase: newBase, at: span) { () throws(Diagnostic) in }
    }

    /// Checks limits, pushes the callee's locals, runs `prepare` (defaults) and the body in the
    /// callee's frame, then restores the caller's frame whether or not the body threw.
    @inline(__always)
    private func enterFrame(_ closure: Closure, newBase: Int, at span: SourceSpan,
                            prepare: () throws(Diagnostic) -> Void) throws(Diagnostic) -> Value {
        if InterruptRequest.flag.load(ordering: .relaxed) || deadline != nil {
            do throws(Diagnostic) {
                try checkInterrupt(at: span)
            } catch {
                stack.truncate(to: newBase)
                throw error
            }
        }
        guard callDepth < maximumCallDepth else {
            stack.truncate(to: newBase)
            throw Diagnostic("recursion too deep (more than \(maximumCallDepth) nested calls)", at: span,
                             hint: "is a base case missing?")
        }
        guard currentStackAddress() > stackFloor else {
            stack.truncate(to: newBase)
            throw Diagnostic("recursion too deep (\(callDepth) nested calls fill the stack)", at: span,
                             hint: "is a base case missing?")
        }
        stack.pushNulls(closure.localCount)
        let savedBase = base
        unowned(unsafe) let savedClosure = currentClosure
        base = newBase
        currentClosure = closure
        callDepth += 1
        defer {
            callDepth -= 1
            stack.truncate(to: newBase)
            base = savedBase
            currentClosure = savedClosure
        }
        try prepare()
        return try closure.body.evaluate(self)
    }

    /// The slow path of a call: too many arguments, named arguments, or omitted ones. Returns
    /// which parameters have a value; `fillDefaults` fills the rest once the callee's frame exists.
    private func bindMissing(_ proto: FunctionProto, newBase: Int, positionalCount: Int,
                             named: [(String, Value, SourceSpan)], at span: SourceSpan) throws(Diagnostic) -> [Bool] {
        let parameterCount = proto.parameterCount
        let callee = proto.name ?? "the lambda"
        guard positionalCount <= parameterCount else {
            stack.truncate(to: newBase)
            throw Diagnostic("\(callee) takes \(parameterCount) argument\(parameterCount == 1 ? "" : "s"), got \(positionalCount)",
                             at: span, hint: proto.signature)
        }
        var filled = [Bool](repeating: false, count: parameterCount)
        for i in 0..<positionalCount { filled[i] = true }
        stack.pushNulls(parameterCount - positionalCount)
        for (label, value, labelSpan) in named {
            guard let index = proto.parameterNames.firstIndex(of: label) else {
                stack.truncate(to: newBase)
                let hint = closestName(to: label, among: proto.parameterNames).map { "did you mean '\($0)'?" } ?? proto.signature
                throw Diagnostic("\(callee) has no parameter '\(label)'", at: labelSpan, hint: hint)
            }
            if filled[index] {
                stack.truncate(to: newBase)
                throw Diagnostic("argument '\(label)' given twice", at: labelSpan)
            }
            stack[newBase + index] = value
            filled[index] = true
        }
        for index in 0..<parameterCount where !filled[index] {
            guard proto.defaults[index] != nil else {
                stack.truncate(to: newBase)
                throw Diagnostic("\(callee) needs the argument '\(proto.parameterNames[index])'", at: span, hint: proto.signature)
            }
        }
        return filled
    }

    /// Evaluates the defaults of the parameters not given, in order, in the callee's frame, so a
    /// default may use earlier parameters.
    private func fillDefaults(_ proto: FunctionProto, filled: [Bool], newBase: Int) throws(Diagnostic) {
        for index in 0..<proto.parameterCount where !filled[index] {
            guard let defaultNode = proto.defaults[index] else { continue }
            stack[newBase + index] = try defaultNode.evaluate(self)
        }
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

/// An address in the caller's stack frame, to compare with the floor `stackBudget` sets.
@inline(__always)
func currentStackAddress() -> UInt {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
}

/// Monotonic clock in nanoseconds, for deadlines and `:time`.
public func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

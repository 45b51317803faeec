/// A function written in Swift and registered by the runtime, with the documentation `:help` shows.
public final class Builtin: Sendable {
    /// The signature of a builtin's body: bound arguments in, a value out.
    public typealias Body = @Sendable (inout Arguments, Interpreter) throws(Diagnostic) -> Value

    /// The name it is called by.
    public let name: String
    /// Declared parameters, in positional order; a named argument must match one unless `acceptsOptions`.
    public let parameters: [String]
    /// How many leading parameters are required.
    public let requiredCount: Int
    /// Whether extra positional arguments are allowed (e.g. `select(df, .a, .b, …)`).
    public let acceptsRest: Bool
    /// Whether named arguments beyond `parameters` are allowed (e.g. `with(df, name: expr, …)`).
    public let acceptsOptions: Bool
    /// Whether it applies element-wise: given a column expression, it builds one instead of running.
    public let isElementwise: Bool
    /// The signature shown by `:help`, e.g. `head(df, n: 5)`.
    public let signature: String
    /// One line that says what it does.
    public let summary: String
    /// The `:help` group it is listed under.
    public let group: String
    /// The implementation.
    public let body: Body

    /// Registers a builtin; see the properties for what each part means.
    public init(name: String, parameters: [String], required: Int? = nil, acceptsRest: Bool = false,
                acceptsOptions: Bool = false, elementwise: Bool = false, signature: String, summary: String,
                group: String, body: @escaping Body) {
        self.name = name
        self.parameters = parameters
        self.requiredCount = required ?? parameters.count
        self.acceptsRest = acceptsRest
        self.acceptsOptions = acceptsOptions
        self.isElementwise = elementwise
        self.signature = signature
        self.summary = summary
        self.group = group
        self.body = body
    }
}

/// The arguments of one builtin call, bound to the builtin's declared parameters.
public struct Arguments {
    /// The whole call, for errors about the call itself.
    public let callSpan: SourceSpan
    /// The builtin's name, for messages.
    public let callee: String
    /// Declared parameters in order: the bound value and the span of its argument, or nil when omitted.
    public var slots: [(value: Value, span: SourceSpan)?]
    /// Positional arguments beyond the declared parameters.
    public var rest: [(value: Value, span: SourceSpan)]
    /// Named arguments that match no declared parameter, in the order written.
    public var options: [(label: String, value: Value, span: SourceSpan)]

    /// Creates bound arguments.
    public init(callSpan: SourceSpan, callee: String, slots: [(value: Value, span: SourceSpan)?],
                rest: [(value: Value, span: SourceSpan)], options: [(label: String, value: Value, span: SourceSpan)]) {
        self.callSpan = callSpan
        self.callee = callee
        self.slots = slots
        self.rest = rest
        self.options = options
    }

    /// The value of parameter `index`, or nil when it was omitted (or passed `null`).
    public func value(_ index: Int) -> Value? {
        guard index < slots.count, let slot = slots[index] else { return nil }
        if case .null = slot.value { return nil }
        return slot.value
    }

    /// The span of parameter `index`'s argument, falling back to the whole call.
    public func span(_ index: Int) -> SourceSpan {
        guard index < slots.count, let slot = slots[index] else { return callSpan }
        return slot.span
    }

    /// An error about one argument, with the caret under it.
    public func error(_ index: Int, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(message, at: span(index), hint: hint)
    }

    /// The value of a required parameter (the interpreter has already checked that it is present).
    public func required(_ index: Int, _ name: String) throws(Diagnostic) -> Value {
        guard index < slots.count, let slot = slots[index] else {
            throw Diagnostic("\(callee) needs the argument '\(name)'", at: callSpan)
        }
        return slot.value
    }

    /// Parameter `index` as an int, or `fallback` when omitted.
    public func int(_ index: Int, _ name: String, default fallback: Int64? = nil) throws(Diagnostic) -> Int64 {
        guard let value = value(index) else {
            if let fallback { return fallback }
            throw Diagnostic("\(callee) needs the argument '\(name)'", at: callSpan)
        }
        guard case .int(let i) = value else {
            throw error(index, "\(callee) expects '\(name)' to be an int, found \(value.typeName)")
        }
        return i
    }

    /// Parameter `index` as a number (int or float), or `fallback` when omitted.
    public func double(_ index: Int, _ name: String, default fallback: Double? = nil) throws(Diagnostic) -> Double {
        guard let value = value(index) else {
            if let fallback { return fallback }
            throw Diagnostic("\(callee) needs the argument '\(name)'", at: callSpan)
        }
        switch value {
        case .int(let i): return Double(i)
        case .float(let f): return f
        default: throw error(index, "\(callee) expects '\(name)' to be a number, found \(value.typeName)")
        }
    }

    /// Parameter `index` as a string, or `fallback` when omitted.
    public func string(_ index: Int, _ name: String, default fallback: String? = nil) throws(Diagnostic) -> String {
        guard let value = value(index) else {
            if let fallback { return fallback }
            throw Diagnostic("\(callee) needs the argument '\(name)'", at: callSpan)
        }
        guard case .string(let s) = value else {
            throw error(index, "\(callee) expects '\(name)' to be a string, found \(value.typeName)")
        }
        return s
    }

    /// Parameter `index` as a bool, or `fallback` when omitted.
    public func bool(_ index: Int, _ name: String, default fallback: Bool? = nil) throws(Diagnostic) -> Bool {
        guard let value = value(index) else {
            if let fallback { return fallback }
            throw Diagnostic("\(callee) needs the argument '\(name)'", at: callSpan)
        }
        guard case .bool(let b) = value else {
            throw error(index, "\(callee) expects '\(name)' to be true or false, found \(value.typeName)")
        }
        return b
    }
}

/// The compiled, immutable part of a user function: parameters, defaults, body and frame size.
public final class FunctionProto: @unchecked Sendable {
    /// The declared name, or nil for a lambda.
    public let name: String?
    /// Parameter names, in positional order.
    public let parameterNames: [String]
    /// Default value expressions, evaluated in the callee's frame so they may use earlier parameters.
    let defaults: [Node?]
    /// The body.
    let body: Node
    /// Local slots the function needs (parameters first).
    let frameSize: Int
    /// `parameterNames.count`, kept so that a call reads one integer.
    let parameterCount: Int
    /// Where the function is written.
    public let span: SourceSpan

    init(name: String?, parameterNames: [String], defaults: [Node?], body: Node, frameSize: Int, span: SourceSpan) {
        self.name = name
        self.parameterNames = parameterNames
        self.defaults = defaults
        self.body = body
        self.frameSize = frameSize
        self.parameterCount = parameterNames.count
        self.span = span
    }

    /// `name(a, b: default)` for messages and `:type`.
    public var signature: String {
        let params = zip(parameterNames, defaults).map { $1 == nil ? $0 : "\($0): …" }
        return "\(name ?? "lambda")(\(params.joined(separator: ", ")))"
    }
}

/// A function value: a prototype plus the values it captured when it was made.
///
/// Bindings are immutable, so capturing by value is the same as capturing by reference.
public final class Closure: @unchecked Sendable {
    /// The compiled function.
    public let proto: FunctionProto
    /// Captured values, indexed by the compiler's capture slots.
    let captures: [Value]
    // Copies of the prototype's hot fields: a call reads them without touching (and retaining) the prototype.
    let body: Node
    let parameterCount: Int
    /// Local slots beyond the parameters.
    let localCount: Int

    init(proto: FunctionProto, captures: [Value]) {
        self.proto = proto
        self.captures = captures
        self.body = proto.body
        self.parameterCount = proto.parameterCount
        self.localCount = proto.frameSize - proto.parameterCount
    }
}


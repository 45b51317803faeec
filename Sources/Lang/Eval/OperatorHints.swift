extension Operators {
    /// The hint for an operator given a list where a single value belongs. Lists do not broadcast
    /// (a list is a value, not a vector); element-wise work belongs to columns or to `map`.
    static func listOperandHint(_ left: Value, _ right: Value) -> String? {
        func isList(_ value: Value) -> Bool { if case .list = value { true } else { false } }
        guard isList(left) || isList(right) else { return nil }
        return "operators do not apply to each element of a list: put the list in a frame column (frame({x: list}) |> with(y: …(.x)…)) or use map(list, x => …)"
    }
}

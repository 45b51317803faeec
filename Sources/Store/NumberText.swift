import Frame

/// Numbers in store messages, through the engine's one formatting routine.
enum NumberText {
    /// The shortest round-trip form.
    static func short(_ value: Double) -> String { NumberFormatting.shortest(value) }
}

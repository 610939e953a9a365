/// A ``WorldConfig`` knob out of range.
public struct WorldConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The knob's name.
    public var knob: String
    /// The rule it breaks.
    public var rule: String

    /// Creates an error.
    public init(knob: String, rule: String) {
        self.knob = knob
        self.rule = rule
    }

    /// `invalid world config: users must be in 2..<2^31`.
    public var description: String { "invalid world config: \(knob) \(rule)" }
}

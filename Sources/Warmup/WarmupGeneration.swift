/// One feed generation made during a replay.
public struct WarmupGeneration: Sendable, Hashable {
    /// Dense user index in the ``LoginLog``.
    public var user: Int32
    /// When, Unix seconds.
    public var at: Double
    /// Whether a missed login triggered it (else the policy made it ahead of time).
    public var onDemand: Bool

    /// Creates a record.
    public init(user: Int32, at: Double, onDemand: Bool) {
        self.user = user
        self.at = at
        self.onDemand = onDemand
    }
}

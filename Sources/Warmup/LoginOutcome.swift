/// Whether one counted login of a replay found a fresh feed.
public struct LoginOutcome: Sendable, Hashable {
    /// Index of the login in ``LoginLog/rows``.
    public var row: Int
    /// Whether it found a feed generated at most the maximum age before it.
    public var fresh: Bool

    /// Creates an outcome.
    public init(row: Int, fresh: Bool) {
        self.row = row
        self.fresh = fresh
    }
}

import FeedCore

/// Reads the state of many users' feeds at once (one pipeline), for the ``Scheduler``.
public protocol FeedFreshnessReading: Sendable {
    /// One ``FeedFreshness`` per user, in order.
    func freshness(of users: [UserID]) async throws -> [FeedFreshness]
}

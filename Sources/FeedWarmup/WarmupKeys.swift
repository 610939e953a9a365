import FeedStore

/// The Redis keys of `prefeed warmup run`, named by the key layout (`FeedKeys+Warmup.swift`).
public struct WarmupKeys: Sendable, Hashable {
    /// The layout.
    public init() {}

    /// STRING: warm-up jobs queued in UTC clock hour `hour` (hours since the epoch), shared by
    /// every run in that hour; TTL ``WarmupBudget/ttlSeconds``.
    public func budget(hour: Int64) -> String { FeedKeys.warmupBudget(hour: hour).rawValue }
}

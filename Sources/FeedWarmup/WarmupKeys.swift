/// The Redis key names of `prefeed warmup run` (to be merged into `FeedKeys` with `JobKeys`).
///
/// The budget counter has its own hash tag `{warmup}`: one key per clock hour, touched by one
/// script at a time, so it stays in one cluster slot.
public struct WarmupKeys: Sendable, Hashable {
    /// The layout.
    public init() {}

    /// STRING: warm-up jobs queued in UTC clock hour `hour` (hours since the epoch), shared by
    /// every run in that hour; TTL ``WarmupBudget/ttlSeconds``.
    public func budget(hour: Int64) -> String { "warmup:{warmup}:budget:\(hour)" }
}

/// Key names of `prefeed warmup run`, spelled here and asked for by FeedWarmup's `WarmupKeys`.
///
/// The budget counter has its own hash tag `{warmup}`: one key per clock hour, touched by one
/// script at a time, so it stays in one cluster slot.
extension FeedKeys {
    /// STRING: warm-up jobs queued in UTC clock hour `hour` (hours since the epoch).
    public static func warmupBudget(hour: Int64) -> RedisKey { RedisKey("warmup:{warmup}:budget:\(hour)") }
}

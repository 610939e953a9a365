/// The knobs of ``ImpressionCounter``.
public struct ImpressionCounterConfiguration: Sendable, Hashable {
    /// The consumer group on the impressions shards (not the join's).
    public var group = "prefeed-impression-counter"
    /// The consumer name; keep it fixed so a restarted counter finds its pending entries.
    public var consumer = "counter"
    /// Entries read per shard per round.
    public var readCount = 1_000
    /// Shards per `XREADGROUP` on one node (a cluster reads one per command).
    public var keysPerRead = 256
    /// Sleep after a round that read nothing.
    public var pollInterval: Duration = .seconds(1)
    /// Posts whose author is kept in memory.
    public var authorCacheSize = 500_000
    /// Stop once every shard is drained (tests, cron).
    public var once = false

    public init() {}
}

/// Names, bounds and retry rules of a ``JobQueue``. Every process sharing a queue must agree on
/// ``shards`` and ``group``.
public struct JobQueueConfiguration: Sendable, Hashable {
    /// Stream shards per priority. 1 on one node; on Redis Cluster, enough to spread load over nodes.
    public var shards: Int = 1
    /// The consumer group every worker joins.
    public var group: String = "workers"
    /// TTL of a user's pending marker. It bounds how long a marker left behind by a crash between
    /// the marker and the `XADD` blocks new jobs for that user, and after how long a job still
    /// waiting in the stream can be duplicated by a new request.
    public var markerTTL: Duration = .seconds(30 * 60)
    /// A job delivered this many times without being acknowledged goes to the dead letters.
    public var maxAttempts: Int = 5
    /// How long a delivered job may stay unacknowledged before another worker claims it
    /// (`XAUTOCLAIM` min-idle-time). Longer than the slowest batch; it is also the retry delay of a failed job.
    public var reclaimIdle: Duration = .seconds(30)
    /// Approximate `MAXLEN ~` of each dead-letter stream.
    public var deadLetterMaxLength: Int = 10_000
    /// When above 0, every acknowledged job is also appended to a completion stream trimmed to about
    /// this many entries, atomically with its `XACK` (tests and audits; off in production).
    public var completionLogMaxLength: Int = 0
    /// Attempts, within one ``JobQueue/enqueue(_:priority:reason:)``, to add the jobs whose markers
    /// were set (and to remove those markers if adding keeps failing).
    public var enqueueAttempts: Int = 4
    /// TTL of the last-error hashes, refreshed on each failure.
    public var errorsTTL: Duration = .seconds(7 * 86_400)

    /// The defaults: one shard, group `workers`, 5 attempts, 30 s reclaim.
    public init() {}
}

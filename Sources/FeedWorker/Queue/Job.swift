import FeedCore

/// One regeneration job taken from a stream by a worker: the user, where it came from, and how
/// many times it has been delivered (1 on first delivery).
public struct Job: Sendable, Hashable {
    /// The stream entry id, e.g. `1732530000000-0`: the job's identity.
    public var id: String
    /// The user whose feed to regenerate.
    public var user: UserID
    /// The priority stream it was read from.
    public var priority: JobPriority
    /// The shard of that stream.
    public var shard: Int
    /// When it was enqueued, unix milliseconds (the entry id's time part).
    public var enqueuedAtMilliseconds: Int64
    /// Why it was enqueued (`miss`, `stale`, `dirty`, `model`, `warmup`, …), free text.
    public var reason: String
    /// How many times the entry was delivered to a consumer, this delivery included.
    public var deliveries: Int

    /// A job as read from a stream.
    public init(
        id: String, user: UserID, priority: JobPriority, shard: Int,
        enqueuedAtMilliseconds: Int64, reason: String, deliveries: Int
    ) {
        self.id = id
        self.user = user
        self.priority = priority
        self.shard = shard
        self.enqueuedAtMilliseconds = enqueuedAtMilliseconds
        self.reason = reason
        self.deliveries = deliveries
    }

    /// The millisecond part of a stream id (`"1732530000000-3"` → 1732530000000), 0 if malformed.
    static func milliseconds(ofEntryID id: String) -> Int64 {
        Int64(id.prefix { $0 != "-" }) ?? 0
    }
}

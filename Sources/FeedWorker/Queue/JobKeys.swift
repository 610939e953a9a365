import FeedCore

/// Every Redis key name of the job system, in one place (to be merged into `FeedKeys`).
///
/// Each stream shard has its own hash tag, `{<priority>:<shard>}`, and its companion keys (dead
/// letters, last errors, completion log) share that tag, so the scripts that move a job between
/// them touch one cluster slot. A user's pending marker carries the user's tag `{u:<id>}`.
/// On one node the shard count is 1; on a cluster it grows by configuration only.
public struct JobKeys: Sendable, Hashable {
    /// Number of stream shards per priority (≥ 1).
    public let shards: Int
    /// Number of shards of the active-user index (≥ 1).
    public let activeShards: Int

    /// Keys for `shards` stream shards per priority and `activeShards` active-index shards.
    public init(shards: Int = 1, activeShards: Int = 1) {
        self.shards = max(1, shards)
        self.activeShards = max(1, activeShards)
    }

    /// STREAM of jobs: `jobs:{<priority>:<shard>}`; entries `u` user, `t` enqueued-at ms, `r` reason.
    public func stream(_ priority: JobPriority, shard: Int) -> String { "jobs:{\(priority.name):\(shard)}" }
    /// STREAM of dead letters of one stream shard, trimmed with `MAXLEN ~`.
    public func deadLetters(_ priority: JobPriority, shard: Int) -> String { stream(priority, shard: shard) + ":dead" }
    /// HASH entry id → last error of a job that failed and waits for its retry; emptied on ack/dead letter.
    public func errors(_ priority: JobPriority, shard: Int) -> String { stream(priority, shard: shard) + ":errors" }
    /// STREAM of completions (only when completion logging is on, e.g. the crash test), `MAXLEN ~`.
    public func completions(_ priority: JobPriority, shard: Int) -> String { stream(priority, shard: shard) + ":done" }

    /// STRING: the user's pending marker `{u:<id>}:queued`, holding the best priority queued; TTL.
    public func marker(_ user: UserID) -> String { "{u:\(user.rawValue)}:queued" }

    /// ZSET user → last activity (unix seconds), shard `index`: `active:{active:<index>}`.
    public func activeUsers(shard index: Int) -> String { "active:{active:\(index)}" }

    /// The stream shard of `user`: `user % shards` (the same rule as FeedStore's sharded sets).
    public func shard(of user: UserID) -> Int { Int(user.rawValue % UInt64(shards)) }

    /// The active-index shard of `user`: `user % activeShards`.
    public func activeShard(of user: UserID) -> Int { Int(user.rawValue % UInt64(activeShards)) }

    /// Every (priority, shard) stream, highest priority first.
    public var allStreams: [(priority: JobPriority, shard: Int)] {
        JobPriority.allCases.flatMap { priority in (0..<shards).map { (priority, $0) } }
    }
}

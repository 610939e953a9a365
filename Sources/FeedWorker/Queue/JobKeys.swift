import FeedCore
import FeedStore

/// The job system's keys for a shard count: the names come from the key layout (`FeedKeys`, see
/// `FeedKeys+Jobs.swift`), this adds which shard a user or a priority's stream is in.
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
    public func stream(_ priority: JobPriority, shard: Int) -> String {
        FeedKeys.jobStream(priority: priority.name, shard: shard).rawValue
    }
    /// STREAM of dead letters of one stream shard, trimmed with `MAXLEN ~`.
    public func deadLetters(_ priority: JobPriority, shard: Int) -> String {
        FeedKeys.jobDeadLetters(priority: priority.name, shard: shard).rawValue
    }
    /// HASH entry id → last error of a job that failed and waits for its retry; emptied on ack/dead letter.
    public func errors(_ priority: JobPriority, shard: Int) -> String {
        FeedKeys.jobErrors(priority: priority.name, shard: shard).rawValue
    }
    /// STREAM of completions (only when completion logging is on, e.g. the crash test), `MAXLEN ~`.
    public func completions(_ priority: JobPriority, shard: Int) -> String {
        FeedKeys.jobCompletions(priority: priority.name, shard: shard).rawValue
    }

    /// STRING: the user's pending marker `{u:<id>}:queued`, holding the best priority queued; TTL.
    public func marker(_ user: UserID) -> String { FeedKeys.jobMarker(user).rawValue }

    /// ZSET user → last activity (unix seconds), shard `index`: `active:{active:<index>}`.
    public func activeUsers(shard index: Int) -> String { FeedKeys.activeUsers(shard: index).rawValue }

    /// The stream shard of `user`: `user % shards` (the same rule as FeedStore's sharded sets).
    public func shard(of user: UserID) -> Int { Int(user.rawValue % UInt64(shards)) }

    /// The active-index shard of `user`: `user % activeShards`.
    public func activeShard(of user: UserID) -> Int { Int(user.rawValue % UInt64(activeShards)) }

    /// Every (priority, shard) stream, highest priority first.
    public var allStreams: [(priority: JobPriority, shard: Int)] {
        JobPriority.allCases.flatMap { priority in (0..<shards).map { (priority, $0) } }
    }
}

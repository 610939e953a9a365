import FeedCore

/// Key names of the regeneration jobs, spelled here and asked for by FeedWorker's `JobKeys` (which
/// adds the shard arithmetic). They do not depend on ``StoreConfiguration``, hence `static`.
///
/// Each stream shard has its own hash tag, `{<priority>:<shard>}`, and its companion keys (dead
/// letters, last errors, completion log) share it, so the scripts that move a job between them
/// touch one cluster slot. A user's pending marker carries the user's tag `{u:<id>}`.
extension FeedKeys {
    /// STREAM of jobs of priority `priority` (its name), shard `shard`: `jobs:{<priority>:<shard>}`.
    public static func jobStream(priority: String, shard: Int) -> RedisKey { RedisKey("jobs:{\(priority):\(shard)}") }
    /// STREAM of the dead letters of one job stream shard.
    public static func jobDeadLetters(priority: String, shard: Int) -> RedisKey {
        RedisKey(jobStream(priority: priority, shard: shard).rawValue + ":dead")
    }
    /// HASH entry id → last error of one job stream shard's failed jobs waiting for their retry.
    public static func jobErrors(priority: String, shard: Int) -> RedisKey {
        RedisKey(jobStream(priority: priority, shard: shard).rawValue + ":errors")
    }
    /// STREAM of completions of one job stream shard (when completion logging is on).
    public static func jobCompletions(priority: String, shard: Int) -> RedisKey {
        RedisKey(jobStream(priority: priority, shard: shard).rawValue + ":done")
    }
    /// STRING: the user's pending job marker `{u:<id>}:queued`, holding the best priority queued.
    public static func jobMarker(_ user: UserID) -> RedisKey { RedisKey(userPrefix(user) + "queued") }
    /// ZSET user → last activity (unix seconds), shard `index`: `active:{active:<index>}`.
    public static func activeUsers(shard index: Int) -> RedisKey { RedisKey("active:{active:\(index)}") }
}

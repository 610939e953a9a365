import FeedCore
import PrefeedRedis

/// The log of deleted posts that servers use to drop them from snapshots already written
/// (``FeedKeys/deletedPosts``): entries live as long as a feed can (feed TTL + grace period).
public struct ReadPathDeletions: Sendable {
    public let keys: FeedKeys

    public init(keys: FeedKeys = FeedKeys()) {
        self.keys = keys
    }

    /// How long a deletion is remembered, seconds.
    public var retention: Double { Double(keys.configuration.feedTTL + keys.configuration.gracePeriod) }

    /// Records that `post` was deleted at `now` (idempotent) and trims old entries.
    public func record(client: RedisClient, post: PostID, now: Double) async throws {
        for result in await client.pipeline([
            RedisCommand("ZADD", keys.deletedPosts, now, post.rawValue),
            RedisCommand("ZREMRANGEBYSCORE", keys.deletedPosts, "-inf", "(" + String(now - retention)),
        ]) { _ = try result.get() }
    }

    /// Deletions recorded at or after `since`, oldest first, at most `limit`.
    public func deleted(client: RedisClient, since: Double, limit: Int = 10_000) async throws -> [(post: PostID, at: Double)] {
        let reply = try await client.execute(
            "ZRANGEBYSCORE", keys.deletedPosts, since, "+inf", "WITHSCORES", "LIMIT", 0, limit)
        let parts = reply.array ?? []
        var out: [(post: PostID, at: Double)] = []
        var index = 0
        while index + 1 < parts.count {
            if let id = parts[index].bytes.flatMap(UInt64.init(decimalBytes:)), let time = parts[index + 1].double {
                out.append((PostID(id), time))
            }
            index += 2
        }
        return out
    }
}

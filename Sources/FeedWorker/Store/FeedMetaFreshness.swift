import FeedCore
import FeedStore
import PrefeedRedis

/// Reads feed state from FeedStore's meta pointers: `HMGET {u:<id>}:meta cur at model d` for a
/// whole page of users in one pipeline.
///
/// `d` is the dirty counter (posts by followed authors since the generation) if the store keeps
/// one; absent, it reads as 0 and only missing, stale and old-model feeds are due.
public struct FeedMetaFreshness: FeedFreshnessReading {
    /// The Redis client.
    public let client: RedisClient
    /// FeedStore's key names.
    public let keys: FeedKeys

    /// A reader over FeedStore's meta pointers.
    public init(client: RedisClient, keys: FeedKeys) {
        self.client = client
        self.keys = keys
    }

    public func freshness(of users: [UserID]) async throws -> [FeedFreshness] {
        let results = await client.pipeline(users.map { RedisCommand("HMGET", keys.feedMeta($0), "cur", "at", "model", "d") })
        return try results.map { result in
            let fields = try result.get().array ?? []
            guard fields.count == 4, !fields[0].isNull, let generatedAt = fields[1].double else {
                return FeedFreshness(generatedAt: nil, modelVersion: nil)
            }
            return FeedFreshness(
                generatedAt: generatedAt, modelVersion: fields[2].string, newPostsSince: Int(fields[3].int ?? 0))
        }
    }
}

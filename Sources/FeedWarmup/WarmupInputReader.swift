import FeedCore
import FeedStore
import FeedWorker
import PrefeedRedis

/// Reads the ``WarmupInput`` of a page of users in one pipeline: per user
/// `ZRANGE {u:<id>}:logins 0 -1`, `HMGET {u:<id>}:meta cur at` and `GET {u:<id>}:queued` (all
/// three in the user's slot).
public struct WarmupInputReader: Sendable {
    /// The Redis client.
    public let client: RedisClient
    /// FeedStore's key names (logins, feed meta).
    public let feedKeys: FeedKeys
    /// The job system's key names (pending markers).
    public let jobKeys: JobKeys

    /// A reader over FeedStore's login histories and meta pointers and the queue's markers.
    public init(client: RedisClient, feedKeys: FeedKeys, jobKeys: JobKeys) {
        self.client = client
        self.feedKeys = feedKeys
        self.jobKeys = jobKeys
    }

    /// One input per user, in order; throws the first Redis error.
    public func read(_ users: [UserID]) async throws -> [WarmupInput] {
        guard !users.isEmpty else { return [] }
        let commands = users.flatMap { user in [
            RedisCommand("ZRANGE", feedKeys.logins(user), 0, -1),
            RedisCommand("HMGET", feedKeys.feedMeta(user), "cur", "at"),
            RedisCommand("GET", jobKeys.marker(user)),
        ] }
        let results = await client.pipeline(commands)
        var inputs: [WarmupInput] = []
        inputs.reserveCapacity(users.count)
        for (index, user) in users.enumerated() {
            let logins = try results[3 * index].get().array ?? []
            let meta = try results[3 * index + 1].get().array ?? []
            let marker = try results[3 * index + 2].get()
            let generatedAt = meta.count == 2 && !meta[0].isNull ? meta[1].double : nil
            inputs.append(WarmupInput(
                user: user, logins: logins.compactMap(\.double).sorted(), generatedAt: generatedAt,
                queued: marker.int.flatMap { JobPriority(rawValue: Int($0)) }))
        }
        return inputs
    }
}

import FeedCore
import FeedStore
import PrefeedRedis

/// Reads feed state from FeedStore's meta pointers and counts new posts by followed authors.
///
/// Three pipelined round trips for a whole page of users:
/// 1. `HMGET {u:<id>}:meta cur at model` — missing feeds stop here;
/// 2. `ZRANGE {u:<id>}:follows 0 -1` of the users that have a feed;
/// 3. `ZRANGE {a:<id>}:timeline +inf (<oldest at> BYSCORE REV LIMIT 0 <cap> WITHSCORES` once per
///    distinct followed author: at most `cap` newest post times each.
///
/// The dirty count is pulled at scan time instead of being pushed into every follower's meta on
/// each post: a post by an author with a million followers costs the write path nothing, and the
/// scheduler pays only for the active users it scans, with keys of one slot per command (cluster-safe).
public struct FeedMetaFreshness: FeedFreshnessReading {
    /// The Redis client.
    public let client: RedisClient
    /// FeedStore's key names.
    public let keys: FeedKeys
    /// New posts counted per feed at most (the scheduler's dirty threshold); 0 counts none.
    public let newPostsCap: Int

    /// A reader over FeedStore's meta pointers; `newPostsCap` is the dirty threshold in use.
    public init(client: RedisClient, keys: FeedKeys, newPostsCap: Int = SchedulerConfiguration().dirtyThreshold) {
        self.client = client
        self.keys = keys
        self.newPostsCap = max(0, newPostsCap)
    }

    public func freshness(of users: [UserID]) async throws -> [FeedFreshness] {
        let results = await client.pipeline(users.map { RedisCommand("HMGET", keys.feedMeta($0), "cur", "at", "model") })
        var states = try results.map { result in
            let fields = try result.get().array ?? []
            guard fields.count == 3, !fields[0].isNull, let generatedAt = fields[1].double else {
                return FeedFreshness(generatedAt: nil, modelVersion: nil)
            }
            return FeedFreshness(generatedAt: generatedAt, modelVersion: fields[2].string)
        }
        guard newPostsCap > 0 else { return states }
        let withFeeds = states.indices.filter { states[$0].generatedAt != nil }
        guard !withFeeds.isEmpty else { return states }

        let follows = try await client.pipeline(withFeeds.map { RedisCommand("ZRANGE", keys.follows(users[$0]), 0, -1) })
            .map { try ($0.get().array ?? []).compactMap { $0.string.flatMap(AuthorID.init) } }
        let oldest = withFeeds.compactMap { states[$0].generatedAt }.min() ?? 0
        let authors = Array(Set(follows.joined()))
        let timelines = await client.pipeline(authors.map {
            RedisCommand("ZRANGE", keys.timeline($0), "+inf", "(\(oldest)", "BYSCORE", "REV", "LIMIT", 0, newPostsCap, "WITHSCORES")
        })
        var newest: [AuthorID: [Double]] = [:]
        for (author, result) in zip(authors, timelines) {
            let reply = try result.get().array ?? []
            let times = stride(from: 1, to: reply.count, by: 2).compactMap { reply[$0].double }
            if !times.isEmpty { newest[author] = times }
        }
        for (position, index) in withFeeds.enumerated() {
            guard let generatedAt = states[index].generatedAt else { continue }
            states[index].newPostsSince = FollowedPostCounter.count(
                authors: follows[position], since: generatedAt, newestPostTimes: newest, cap: newPostsCap)
        }
        return states
    }
}

import FeedCore
import PrefeedRedis

/// Who is active: sharded ZSETs `active:{active:<s>}` of user → last activity (unix seconds).
///
/// The read path (or session start) records activity; the ``Scheduler`` scans the index and trims
/// users inactive longer than its threshold, so the index holds only active users.
public struct ActivityIndex: Sendable {
    /// The Redis client.
    public let client: RedisClient
    /// Key names.
    public let keys: JobKeys

    /// The index on `client`, sharded as `keys.activeShards`.
    public init(client: RedisClient, keys: JobKeys) {
        self.client = client
        self.keys = keys
    }

    /// The command recording that `user` was active at `time`; never moves the time backwards.
    /// Meant to ride in another pipeline (e.g. the read path's round trip).
    public func recordCommand(_ user: UserID, at time: Double) -> RedisCommand {
        RedisCommand("ZADD", keys.activeUsers(shard: keys.activeShard(of: user)), "GT", time, user.rawValue)
    }

    /// Records activity of many users in one round trip.
    public func record(_ activity: [(user: UserID, time: Double)]) async throws {
        guard !activity.isEmpty else { return }
        for result in await client.pipeline(activity.map { recordCommand($0.user, at: $0.time) }) { _ = try result.get() }
    }

    /// Removes users inactive since before `cutoff` from every shard; returns how many.
    @discardableResult
    public func trim(inactiveBefore cutoff: Double) async throws -> Int {
        let results = await client.pipeline((0..<keys.activeShards).map {
            RedisCommand("ZREMRANGEBYSCORE", keys.activeUsers(shard: $0), "-inf", "(\(cutoff)")
        })
        return try results.reduce(0) { $0 + Int(try $1.get().int ?? 0) }
    }

    /// The last activity of `user`, if indexed.
    public func lastActivity(of user: UserID) async throws -> Double? {
        try await client.execute("ZSCORE", keys.activeUsers(shard: keys.activeShard(of: user)), user.rawValue).double
    }

    /// One `ZSCAN` step over shard `shard`: the next cursor ("0" when done) and (user, last activity) pairs.
    public func scan(shard: Int, cursor: String, count: Int) async throws -> (cursor: String, users: [(UserID, Double)]) {
        let reply = try await client.execute(RedisCommand(
            "ZSCAN", keys.activeUsers(shard: shard), cursor, "COUNT", max(1, count)))
        guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let flat = parts[1].array else {
            throw RedisError(code: .unexpectedReply, message: "ZSCAN returned \(reply)")
        }
        var users: [(UserID, Double)] = []
        var index = 0
        while index + 1 < flat.count {
            if let user = flat[index].string.flatMap({ UserID($0) }), let time = flat[index + 1].double {
                users.append((user, time))
            }
            index += 2
        }
        return (next, users)
    }
}

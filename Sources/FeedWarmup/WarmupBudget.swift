import PrefeedRedis

/// The hourly generation budget of warm-up, kept in Redis so that every run in the same UTC clock
/// hour (a timer every 10 minutes, or several hosts) shares it.
///
/// One counter per clock hour (``WarmupKeys/budget(hour:)``), changed only by one script:
/// ``take(_:hour:)`` grants at most what is left under the limit and ``giveBack(_:hour:)``
/// returns what was granted but not used (the user turned out to be queued already). The key
/// expires ``ttlSeconds`` after its last grant, an hour past the end of its hour at the latest.
/// Without a limit the counter still counts, so the hour's use is visible.
public struct WarmupBudget: Sendable {
    /// Seconds a budget counter lives after its last grant.
    public static let ttlSeconds = 7_200

    /// The Redis client.
    public let client: RedisClient
    /// Key names.
    public let keys: WarmupKeys
    /// Warm-up jobs per clock hour at most; `nil`: unlimited.
    public let limit: Int?

    /// A budget of `limit` jobs per clock hour on `client`.
    public init(client: RedisClient, keys: WarmupKeys = WarmupKeys(), limit: Int?) {
        precondition(limit.map { $0 >= 0 } ?? true, "a non-negative budget")
        self.client = client
        self.keys = keys
        self.limit = limit
    }

    /// The clock hour of `time` (Unix seconds), the budget period.
    public static func hour(of time: Double) -> Int64 { Int64((time / 3_600).rounded(.down)) }

    /// KEYS: counter. ARGV: delta (> 0 take, < 0 give back), limit, TTL.
    /// Returns {granted (negative when given back), used afterwards}.
    static let script = RedisScript(LuaScripts.warmupBudget)

    /// Takes up to `count` jobs from the budget of `hour`; returns how many were granted and how
    /// many the hour has used since.
    public func take(_ count: Int, hour: Int64) async throws -> (granted: Int, used: Int) {
        try await change(max(0, count), hour: hour)
    }

    /// Returns `count` granted jobs that were not queued; returns the hour's use afterwards.
    @discardableResult
    public func giveBack(_ count: Int, hour: Int64) async throws -> Int {
        guard count > 0 else { return try await used(hour: hour) }
        return try await change(-count, hour: hour).used
    }

    /// Jobs taken from the budget of `hour` so far.
    public func used(hour: Int64) async throws -> Int {
        Int(try await client.execute("GET", keys.budget(hour: hour)).int ?? 0)
    }

    private func change(_ delta: Int, hour: Int64) async throws -> (granted: Int, used: Int) {
        // Lua numbers are doubles: "unlimited" is a limit no hour reaches.
        let reply = try await client.run(
            Self.script, keys: [keys.budget(hour: hour)], arguments: [delta, limit ?? 1 << 50, Self.ttlSeconds])
        guard let parts = reply.array, parts.count == 2, let granted = parts[0].int, let used = parts[1].int else {
            throw RedisError(code: .unexpectedReply, message: "budget script returned \(reply)")
        }
        return (Int(granted), Int(used))
    }
}

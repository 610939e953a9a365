import FeedCore
import PrefeedRedis

/// Appends a batch of client actions to the actions stream, idempotently by client event id, in
/// one `EVALSHA`.
///
/// Each event id is `ZADD NX`ed into the user's ``FeedKeys/clientEvents(_:)`` set (entries older
/// than the dedupe window are dropped first); only new ids are `XADD`ed to
/// ``FeedKeys/actions(for:)`` (`MAXLEN ~`). KEYS: events set, actions stream (both in the user's
/// slot with ``ImpressionSharding/perSlot``).
public struct ReadPathActionScript: Sendable {
    /// One action as the client sent it.
    public struct Event: Sendable, Hashable {
        public var clientEventID: String
        public var request: RequestID
        public var post: PostID
        public var action: ActionType
        /// Client time, unix seconds.
        public var clientTime: Double
        /// Dwell time in milliseconds (for `dwell`; 0 otherwise).
        public var dwellMilliseconds: Int

        public init(
            clientEventID: String, request: RequestID, post: PostID, action: ActionType, clientTime: Double,
            dwellMilliseconds: Int = 0
        ) {
            self.clientEventID = clientEventID
            self.request = request
            self.post = post
            self.action = action
            self.clientTime = clientTime
            self.dwellMilliseconds = dwellMilliseconds
        }
    }

    public let keys: FeedKeys
    /// Seconds an event id is remembered.
    public var dedupeWindow: Int
    /// Most event ids remembered per user.
    public var maxEvents: Int
    /// Approximate `MAXLEN ~` of each actions stream shard.
    public var streamMaxLength: Int

    public init(keys: FeedKeys = FeedKeys(), dedupeWindow: Int = 86_400, maxEvents: Int = 10_000,
                streamMaxLength: Int = 2_000_000) {
        self.keys = keys
        self.dedupeWindow = dedupeWindow
        self.maxEvents = maxEvents
        self.streamMaxLength = streamMaxLength
    }

    /// The script; load it at start-up.
    public static let script = RedisScript(#"""
    local now = tonumber(ARGV[1])
    local window = tonumber(ARGV[2])
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. tostring(now - window))
    local n = tonumber(ARGV[6])
    local out = {}
    local i = 7
    for e = 1, n do
      if redis.call('ZADD', KEYS[1], 'NX', now, ARGV[i]) == 1 then
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*',
          'user', ARGV[5], 'event', ARGV[i], 'req', ARGV[i + 1], 'item', ARGV[i + 2],
          'action', ARGV[i + 3], 'ct', ARGV[i + 4], 'dwell', ARGV[i + 5], 't', ARGV[1])
        out[e] = 1
      else
        out[e] = 0
      end
      i = i + 6
    end
    redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
    redis.call('EXPIRE', KEYS[1], window)
    return out
    """#)

    /// Appends the new events of `events`.
    /// - Returns: per event, in order, `true` when it was new and appended, `false` for a duplicate.
    public func append(client: RedisClient, user: UserID, events: [Event], now: Double) async throws -> [Bool] {
        guard !events.isEmpty else { return [] }
        var arguments: [any RedisArgument] = [now, dedupeWindow, maxEvents, streamMaxLength, user.rawValue, events.count]
        for event in events {
            arguments += [event.clientEventID, event.request.rawValue, event.post.rawValue, event.action.rawValue,
                          event.clientTime, event.dwellMilliseconds] as [any RedisArgument]
        }
        let reply = try await client.run(
            Self.script, keys: [keys.clientEvents(user), keys.actions(for: user)], arguments: arguments)
        guard let flags = reply.array, flags.count == events.count else {
            throw RedisError(code: .unexpectedReply, message: "action script returned \(reply)")
        }
        return flags.map { $0.int == 1 }
    }
}

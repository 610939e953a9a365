import FeedCore
import PrefeedRedis

/// Records a batch of client actions in one `EVALSHA`: rate limit, idempotency by client event
/// id, what counts in engagement, and the pending marker that makes a retry finish the effects.
///
/// Per user, in the user's slot (KEYS: events, actions stream, pending, counted pairs, seen log,
/// seen queue, rate window):
/// 1. **Rate limit.** More than ``rateLimit`` actions in a ``rateWindow``-second window (a
///    counter that expires with the window) refuses the whole batch before anything is written:
///    ``Reply/rateLimited(retryAfterMilliseconds:)``. A batch is never refused in an empty window.
/// 2. **Idempotency.** Each event id is `ZADD NX`ed into ``FeedKeys/clientEvents(_:)`` (entries older
///    than ``dedupeWindow`` dropped first); only new ids are `XADD`ed to ``FeedKeys/actions(for:)``
///    (`MAXLEN ~`), with a `status` field: `served`, `unserved` or `repeat`.
/// 3. **What counts.** An action on a post that was not served to the user (neither in their seen
///    log nor in their seen queue, see ``SeenQueue``) is `unserved`; an action the user already did
///    on the post within ``repeatWindow`` (the pair `<post>:<action>` in
///    ``FeedKeys/countedActions(_:)``) is `repeat`. Both are recorded in the stream only, with no
///    effect on counters, popular/trending or the user's profile.
/// 4. **Pending until applied.** A counted event is marked pending in ``FeedKeys/pendingEvents(_:)``
///    (`"<steps done>,<reserved until>"`) with no steps done, reserved for this request for
///    ``pendingLease`` seconds; the caller applies ``ActionEffects`` and then ``settle(_:client:user:)``s:
///    done (marker removed) or the steps that succeeded (reservation released). A retry of a pending
///    event that is not reserved is answered ``Outcome/retry(done:)`` and reserves it, so the caller
///    applies the remaining steps: each effect once. A retry while another request holds the
///    reservation is ``Outcome/busy(retryAfterMilliseconds:)``: it must not apply the same steps
///    concurrently, and must not be told "duplicate" either (the holder may fail or die), so the
///    caller answers "retry later".
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

    /// Why a new event changes no counter.
    public enum Uncounted: String, Sendable, Hashable {
        /// The post was not served to the user.
        case unserved
        /// The user already did this action on this post (under another event id).
        case repeated = "repeat"
    }

    /// What the script did with one event.
    public enum Outcome: Sendable, Hashable {
        /// New and counted: recorded and marked pending; apply its ``ActionEffects``, then settle.
        case apply
        /// A retry of a pending event: recorded before, `done` steps applied; apply the rest, then settle.
        case retry(done: ActionEffects.Steps)
        /// New, recorded, and nothing to apply (an action type without effects: `dwell`).
        case recorded
        /// New and recorded in the stream only: it changes no counter.
        case uncounted(Uncounted)
        /// Recorded before, effects applied: ignored.
        case duplicate
        /// Pending and reserved by another request that is applying its effects now (or died doing
        /// so): retry after the reservation ends, when this event is done or can be taken over.
        case busy(retryAfterMilliseconds: Int)

        /// Whether the event was appended to the stream by this call.
        public var isNew: Bool {
            switch self {
            case .apply, .recorded, .uncounted: true
            case .retry, .duplicate, .busy: false
            }
        }
    }

    /// The script's answer for a batch.
    public enum Reply: Sendable, Hashable {
        /// Per event, in order.
        case recorded([Outcome])
        /// The user is over the rate limit; nothing was recorded.
        case rateLimited(retryAfterMilliseconds: Int)
    }

    public let keys: FeedKeys
    /// Seconds an event id is remembered (and a pending marker kept).
    public var dedupeWindow: Int
    /// Most event ids remembered per user.
    public var maxEvents: Int
    /// Approximate `MAXLEN ~` of each actions stream shard.
    public var streamMaxLength: Int
    /// Most actions per user per ``rateWindow``; 0 turns the limit off.
    public var rateLimit: Int
    /// Length of a rate-limit window, seconds.
    public var rateWindow: Int
    /// Seconds a counted (post, action) pair is remembered (a repeat after it counts again).
    public var repeatWindow: Int
    /// Most counted pairs remembered per user (oldest dropped first).
    public var maxCountedPairs: Int
    /// Most pending markers per user (beyond it, markers are dropped at random: their events
    /// then count as done).
    public var maxPending: Int
    /// Seconds a pending event is reserved for the request applying its effects: a concurrent
    /// retry meanwhile is told to retry later instead of applying them a second time. The
    /// reservation ends when the request settles, or after this long if it never does.
    public var pendingLease: Double

    public init(
        keys: FeedKeys = FeedKeys(), dedupeWindow: Int = 86_400, maxEvents: Int = 10_000, streamMaxLength: Int = 2_000_000,
        rateLimit: Int = 600, rateWindow: Int = 60, repeatWindow: Int = 7 * 86_400, maxCountedPairs: Int = 5_000,
        maxPending: Int = 1_000, pendingLease: Double = 10
    ) {
        self.keys = keys
        self.dedupeWindow = dedupeWindow
        self.maxEvents = maxEvents
        self.streamMaxLength = streamMaxLength
        self.rateLimit = rateLimit
        self.rateWindow = rateWindow
        self.repeatWindow = repeatWindow
        self.maxCountedPairs = maxCountedPairs
        self.maxPending = maxPending
        self.pendingLease = pendingLease
    }

    /// The script; load it at start-up. Replies `{-1, ms}` when rate limited, else a code and a
    /// steps mask per event: 0 duplicate, 1 apply, 2 recorded, 3 unserved, 4 repeat, 5 retry,
    /// 6 busy (the mask is then the reservation's remaining milliseconds).
    public static let script = RedisScript(LuaScripts.readPathAction)

    /// Records `events` (see the type's description).
    public func append(client: RedisClient, user: UserID, events: [Event], now: Double) async throws -> Reply {
        guard !events.isEmpty else { return .recorded([]) }
        var arguments: [any RedisArgument] = [
            now, dedupeWindow, maxEvents, streamMaxLength, user.rawValue, events.count, rateLimit, rateWindow,
            repeatWindow, maxCountedPairs, maxPending, pendingLease,
        ]
        for event in events {
            arguments += [event.clientEventID, event.request.rawValue, event.post.rawValue, event.action.rawValue,
                          event.clientTime, event.dwellMilliseconds, event.action.isHead ? 1 : 0] as [any RedisArgument]
        }
        let reply = try await client.run(
            Self.script,
            keys: [keys.clientEvents(user), keys.actions(for: user), keys.pendingEvents(user), keys.countedActions(user),
                   keys.seen(user), keys.seenQueue(user), keys.actionRate(user)],
            arguments: arguments)
        return try Self.parse(reply, count: events.count)
    }

    /// The reply of the script for `count` events.
    static func parse(_ reply: RedisReply, count: Int) throws -> Reply {
        let values = (reply.array ?? []).map(\.int)
        if values.count == 2, values[0] == -1, let wait = values[1] {
            return .rateLimited(retryAfterMilliseconds: Int(wait))
        }
        guard values.count == 2 * count else {
            throw RedisError(code: .unexpectedReply, message: "action script returned \(reply)")
        }
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(count)
        for index in 0..<count {
            guard let code = values[2 * index], let mask = values[2 * index + 1] else {
                throw RedisError(code: .unexpectedReply, message: "action script returned \(reply)")
            }
            switch code {
            case 0: outcomes.append(.duplicate)
            case 1: outcomes.append(.apply)
            case 2: outcomes.append(.recorded)
            case 3: outcomes.append(.uncounted(.unserved))
            case 4: outcomes.append(.uncounted(.repeated))
            case 5: outcomes.append(.retry(done: ActionEffects.Steps(rawValue: Int(mask))))
            case 6: outcomes.append(.busy(retryAfterMilliseconds: Int(mask)))
            default: throw RedisError(code: .unexpectedReply, message: "action script returned code \(code)")
            }
        }
        return .recorded(outcomes)
    }

    /// How applying one pending event's effects ended.
    public struct Settlement: Sendable {
        public var clientEventID: String
        /// Steps done so far.
        public var done: ActionEffects.Steps
        /// Whether every step is done (the marker is removed).
        public var isComplete: Bool

        public init(clientEventID: String, done: ActionEffects.Steps, isComplete: Bool) {
            self.clientEventID = clientEventID
            self.done = done
            self.isComplete = isComplete
        }
    }

    /// Removes the pending markers of completed events and stores the steps done of the others,
    /// in one round trip (the user's slot).
    public func settle(_ settlements: [Settlement], client: RedisClient, user: UserID) async throws {
        guard !settlements.isEmpty else { return }
        let key = keys.pendingEvents(user)
        let complete = settlements.filter(\.isComplete).map(\.clientEventID)
        let incomplete = settlements.filter { !$0.isComplete }
        var commands: [RedisCommand] = []
        if !complete.isEmpty { commands.append(RedisCommand("HDEL", arguments: [key] + complete.map { $0 as any RedisArgument })) }
        if !incomplete.isEmpty {
            var fields: [any RedisArgument] = [key]
            for settlement in incomplete { fields += [settlement.clientEventID, settlement.done.rawValue] as [any RedisArgument] }
            commands.append(RedisCommand("HSET", arguments: fields))
            commands.append(RedisCommand("EXPIRE", key, dedupeWindow))
        }
        for result in await client.pipeline(commands) { _ = try result.get() }
    }
}

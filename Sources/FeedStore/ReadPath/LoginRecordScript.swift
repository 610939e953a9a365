import FeedCore
import PrefeedRedis

/// Records a session start in a user's login history `{u:<id>}:logins`, in one `EVALSHA`.
///
/// A start within ``StoreConfiguration/loginMergeGap`` of the newest recorded one is the same
/// session and only refreshes the TTL (the app's `POST /v1/sessions` and its first page read
/// record one login). Otherwise the start is added and the history trimmed to the newest
/// ``StoreConfiguration/maxLogins`` starts and to ``StoreConfiguration/loginMaxAge`` before the
/// newest, with the TTL ``StoreConfiguration/userDataTTL`` refreshed — the bounds the warm-up's
/// `LoginHistory` applies, so the login model sees in production what it was trained on.
public struct LoginRecordScript: Sendable {
    /// The key layout and bounds.
    public let keys: FeedKeys

    /// A recorder for the layout of `keys`.
    public init(keys: FeedKeys = FeedKeys()) {
        self.keys = keys
    }

    /// KEYS: logins. ARGV: time, merge gap, max count, max age, TTL. Returns 1 when recorded, 0
    /// when merged into a recorded session.
    public static let script = RedisScript(LuaScripts.loginRecord)

    /// The `EVALSHA` recording a session start of `user` at `time` (for a caller's own pipeline).
    public func command(user: UserID, at time: Double) -> RedisCommand {
        let config = keys.configuration
        return Self.script.command(
            keys: [keys.logins(user)],
            arguments: [time, config.loginMergeGap, config.maxLogins, config.loginMaxAge, config.userDataTTL])
    }

    /// Whether a reply of ``command(user:at:)`` recorded a new session (`false`: merged).
    public static func recorded(_ reply: RedisReply) -> Bool { reply.int == 1 }
}

import FeedCore
import PrefeedRedis

/// Keys of the HTTP read path (issue 6) that the page script does not cover: the actions stream,
/// the per-user client-event dedupe set, pending effects, counted (post, action) pairs and rate
/// window, and the deleted-posts log.
extension FeedKeys {
    /// STREAM of actions posted by clients for `user`, sharded like ``impressions(for:)``.
    public func actions(for user: UserID) -> RedisKey {
        switch configuration.impressionSharding {
        case .single:
            return RedisKey("actions:{act}")
        case .perSlot:
            let slot = HashSlot(key: "u:\(user.rawValue)").value
            return RedisKey("actions:{\(SlotTags.tag(for: slot))}")
        }
    }

    /// Every actions stream shard a consumer must read.
    public var actionShards: [RedisKey] {
        switch configuration.impressionSharding {
        case .single: return [RedisKey("actions:{act}")]
        case .perSlot: return (0..<HashSlot.count).map { RedisKey("actions:{\(SlotTags.tag(for: $0))}") }
        }
    }

    /// ZSET client event id → accepted-at: the user's action events inside the dedupe window.
    public func clientEvents(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "events") }

    /// HASH client event id → steps done (``ActionEffects/Steps`` raw value): events recorded
    /// whose effects have not all been applied yet (a retry applies the rest).
    public func pendingEvents(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "evpending") }

    /// ZSET `<post>:<action>` → counted-at: (post, action) pairs of the user already counted in
    /// engagement, so a repeat under a new client event id counts once.
    public func countedActions(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "acted") }

    /// STRING: actions the user posted in the current rate-limit window (expires with it).
    public func actionRate(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "actrate") }

    /// ZSET post → deleted-at: posts deleted while snapshots may still hold them (trimmed by age).
    public var deletedPosts: RedisKey { RedisKey("deleted:{del}") }
}

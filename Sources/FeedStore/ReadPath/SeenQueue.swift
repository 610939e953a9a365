import FeedCore
import PrefeedRedis

/// The read path's seen marks, queued: the page script `APPEND`s the page's ids to a per-user string
/// (``FeedKeys/seenQueue(_:)``, `"id,id,…,"`), and the next generation folds the queue into the
/// seen log (``FeedKeys/seen(_:)``, the same `"id,id,…,"` form, capped to the newest
/// ``StoreConfiguration/seenMaxItems``; ``foldScript``, which also returns the log).
///
/// The seen log is a string, not a set: a heavy reader's 2,000 seen ids took 204 KB as a ZSET
/// skiplist and take 16 KB as text (7-digit ids; 236 and 41 KB with 19-digit ids,
/// `Ops/bench/seen-memory`). Membership is only asked
/// by Lua on a visit's first page and on a hide (`seenTable` builds one table per call) and by
/// the generator, which parses the log in Swift. A ZSET left by the earlier layout is upgraded by
/// the first fold (`upgradeSeen`) and read as a set until then.
///
/// Why: under a read load of random users the seen set's `ZADD` of 20 new members was 44 of the
/// 190 µs the page script cost in Redis (`Ops/bench/read-path`, 2026-12-02), and it grew the set by
/// a skiplist node per item on every page. An `APPEND` costs a few µs; the fold moves the queue
/// once per generation, outside the page's latency, with one more `APPEND`.
///
/// What is seen is always the seen set plus the queue: the fold moves one into the other atomically,
/// every reader (page script restart path, hide script, generator, fallback) reads both, and a queue
/// that grows past ``StoreConfiguration/seenQueueMaxBytes`` without a generation is folded by the
/// page script itself, so the key stays bounded (and carries the seen set's TTL).
public enum SeenQueue {
    // The Lua helpers every script that reads or folds the seen state includes (Scripts/helpers,
    // see Scripts/README.md): `upgradeSeen(seenKey)` turns a seen set of the earlier layout (a ZSET
    // of post → time with a sentinel member) into the seen log, keeping its TTL;
    // `foldSeen(seenKey, queueKey, now, cap, ttl)` appends the queue to the log, deletes the queue,
    // keeps the newest `cap` entries in serving order and refreshes the log's TTL;
    // `seenTable(seenKey, queueKey)` is a table id → true of everything seen (log or old set, and
    // the queue).

    /// Folds the queue into the seen log, then returns the log (`"id,id,…,"`, oldest first; nil if
    /// empty). KEYS: seen, seen queue. ARGV: now, cap, TTL. (`Scripts/seen-fold.lua`.)
    public static let foldScript = RedisScript(LuaScripts.seenFold)

    /// The `EVALSHA` of ``foldScript`` for `user`: fold, then read the whole seen log.
    public static func foldAndRead(_ user: UserID, keys: FeedKeys, now: Double) -> RedisCommand {
        let config = keys.configuration
        return foldScript.command(
            keys: [keys.seen(user), keys.seenQueue(user)],
            arguments: [now, config.seenMaxItems, config.seenTTL])
    }

    /// The ids of a seen-log reply (``foldScript``), newest first, at most `limit` of them.
    public static func newest(_ reply: RedisReply, limit: Int) -> [PostID] {
        var bytes = reply.bytes ?? []
        guard bytes.last == UInt8(ascii: ",") else { return [] }
        bytes.removeLast()
        guard let ids = UInt64.commaSeparated(bytes) else { return [] }
        return ids.suffix(max(0, limit)).reversed().map(PostID.init)
    }
}

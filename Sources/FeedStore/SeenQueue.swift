import FeedCore
import PrefeedRedis

/// The read path's seen marks, queued: the page script `APPEND`s the page's ids to a per-user string
/// (``FeedKeys/seenQueue(_:)``, `"id,id,…,"`) instead of adding them to the seen set, and the next
/// generation folds the queue into the set (``foldScript``, which also returns the set).
///
/// Why: under a read load of random users the seen set's `ZADD` of 20 new members was 44 of the
/// 190 µs the page script cost in Redis (`Ops/bench/read-path`, 2026-12-02), and it grew the set by
/// a skiplist node per item on every page. An `APPEND` costs a few µs; the fold does the same
/// inserts once per generation, outside the page's latency, in one `ZADD`.
///
/// What is seen is always the seen set plus the queue: the fold moves one into the other atomically,
/// every reader (page script restart path, hide script, generator, fallback) reads both, and a queue
/// that grows past ``StoreConfiguration/seenQueueMaxBytes`` without a generation is folded by the
/// page script itself, so the key stays bounded (and carries the seen set's TTL).
public enum SeenQueue {
    /// Lua: `foldSeen(seenKey, queueKey, now, cap, ttl)` moves every queued id into the seen set,
    /// deletes the queue, trims the set to `cap` entries (oldest first) and refreshes its TTL.
    /// Queued ids keep their order: the last queued scores `now`, each earlier one a millisecond
    /// less (an id queued twice is added once, with its later score), so the trim and "newest N"
    /// reads stay in the order pages were served. Adds ``FeedKeys/seenSentinel``. Scripts that use
    /// it define it at their top.
    static let foldFunction = "\n" + #"""
    local function foldSeen(seenKey, queueKey, now, cap, ttl)
      local q = redis.call('GET', queueKey)
      if not q then return end
      local queued, last = {}, {}
      for id in string.gmatch(q, '(%d+),') do
        queued[#queued + 1] = id
        last[id] = #queued
      end
      local newest = tonumber(now)
      local z = {'inf', '\#(FeedKeys.seenSentinel)'}
      for i = 1, #queued do
        local id = queued[i]
        if last[id] == i then
          z[#z + 1] = newest - (#queued - i) * 0.001
          z[#z + 1] = id
        end
        if #z >= 2000 then
          redis.call('ZADD', seenKey, unpack(z))
          z = {}
        end
      end
      if #z > 0 then redis.call('ZADD', seenKey, unpack(z)) end
      redis.call('DEL', queueKey)
      local n = redis.call('ZCARD', seenKey)
      if n > cap + 1 then redis.call('ZREMRANGEBYRANK', seenKey, 0, n - cap - 2) end
      redis.call('EXPIRE', seenKey, ttl)
    end
    """# + "\n"

    /// Lua: `queuedSeen(queueKey)` is a table id → true of the queued ids.
    static let queuedFunction = "\n" + #"""
    local function queuedSeen(queueKey)
      local set = {}
      local q = redis.call('GET', queueKey)
      if q then
        for id in string.gmatch(q, '(%d+),') do set[id] = true end
      end
      return set
    end
    """# + "\n"

    /// Folds the queue into the seen set, then returns the set's newest `count` members (all with
    /// `count` = -1), sentinel first. KEYS: seen, seen queue. ARGV: now, cap, TTL, last rank.
    public static let foldScript = RedisScript(foldFunction + #"""

    foldSeen(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]), ARGV[3])
    return redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[4]))
    """#)

    /// The `EVALSHA` of ``foldScript`` for `user`: fold, then read ranks `0...lastRank` of the set
    /// (newest first; `-1` for all).
    public static func foldAndRead(_ user: UserID, keys: FeedKeys, lastRank: Int, now: Double) -> RedisCommand {
        let config = keys.configuration
        return foldScript.command(
            keys: [keys.seen(user), keys.seenQueue(user)],
            arguments: [now, config.seenMaxItems, config.seenTTL, lastRank])
    }
}

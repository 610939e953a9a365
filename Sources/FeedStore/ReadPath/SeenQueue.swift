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
/// by Lua on a visit's first page and on a hide (``seenFunction`` builds one table per call) and by
/// the generator, which parses the log in Swift. A ZSET left by the earlier layout is upgraded by
/// the first fold (``upgradeFunction``) and read as a set until then.
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
    /// Lua: `upgradeSeen(seenKey)` turns a seen set of the earlier layout (a ZSET of post → time with
    /// a sentinel member) into the seen log (a string of ids in serving order), keeping its TTL.
    static let upgradeFunction = "\n" + #"""
    local function upgradeSeen(seenKey)
      if redis.call('TYPE', seenKey).ok ~= 'zset' then return end
      local ids = {}
      for _, m in ipairs(redis.call('ZRANGE', seenKey, 0, -1)) do
        if string.match(m, '^%d+$') then ids[#ids + 1] = m end
      end
      local ttl = redis.call('PTTL', seenKey)
      redis.call('DEL', seenKey)
      if #ids > 0 then
        redis.call('SET', seenKey, table.concat(ids, ',') .. ',')
        if ttl > 0 then redis.call('PEXPIRE', seenKey, ttl) end
      end
    end
    """# + "\n"

    /// Lua: `foldSeen(seenKey, queueKey, now, cap, ttl)` appends the queue to the seen log, deletes
    /// the queue, keeps the newest `cap` entries (the oldest are cut from the front) and refreshes
    /// the log's TTL. Serving order is kept as is: the log is the ids in the order pages showed them
    /// (an id shown twice is there twice). Scripts that use it define it at their top, after
    /// ``upgradeFunction``.
    static let foldFunction = "\n" + #"""
    local function foldSeen(seenKey, queueKey, now, cap, ttl)
      upgradeSeen(seenKey)
      local q = redis.call('GET', queueKey)
      local len
      if q then
        len = redis.call('APPEND', seenKey, q)
        redis.call('DEL', queueKey)
      else
        len = redis.call('STRLEN', seenKey)
      end
      if len == 0 then return end
      if len > 2 * cap then
        local s = redis.call('GET', seenKey)
        local _, n = string.gsub(s, ',', ',')
        if n > cap then
          local cut = 0
          for _ = 1, n - cap do cut = string.find(s, ',', cut + 1, true) end
          redis.call('SET', seenKey, string.sub(s, cut + 1))
        end
      end
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

    /// Lua: `seenTable(seenKey, queueKey)` is a table id → true of everything seen: the log (or a
    /// seen set of the earlier layout, not yet upgraded) and the queue.
    static let seenFunction = queuedFunction + #"""
    local function seenTable(seenKey, queueKey)
      local set = queuedSeen(queueKey)
      if redis.call('TYPE', seenKey).ok == 'zset' then
        for _, m in ipairs(redis.call('ZRANGE', seenKey, 0, -1)) do set[m] = true end
      else
        local s = redis.call('GET', seenKey)
        if s then
          for id in string.gmatch(s, '(%d+),') do set[id] = true end
        end
      end
      return set
    end
    """# + "\n"

    /// Folds the queue into the seen log, then returns the log (`"id,id,…,"`, oldest first; nil if
    /// empty). KEYS: seen, seen queue. ARGV: now, cap, TTL.
    public static let foldScript = RedisScript(upgradeFunction + foldFunction + #"""

    foldSeen(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]), ARGV[3])
    return redis.call('GET', KEYS[1])
    """#)

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

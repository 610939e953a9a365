import FeedCore
import PrefeedRedis

/// Makes a hide take effect on the user's next page: removes the hidden author's unseen items from
/// the current and previous snapshots, in one `EVALSHA`.
///
/// Authors are read from the generations' page records (``PageRecordFormat``: the author table,
/// then the 6-byte records; the 24-byte records of the feature log for a generation of the old
/// layout); a matching
/// position is removed from the snapshot unless the user has already seen the item (so an `after`
/// pointing at a served item still resolves). Positions of the other items do not change, so open
/// scrolls continue without gaps. KEYS: meta, seen, seen queue (generation keys are built from the
/// user prefix).
public struct ReadPathHideScript: Sendable {
    public let keys: FeedKeys

    public init(keys: FeedKeys = FeedKeys()) {
        self.keys = keys
    }

    /// The script; load it at start-up.
    public static let script = RedisScript(SeenQueue.seenFunction + #"""
    local meta = redis.call('HMGET', KEYS[1], 'cur', 'prev')
    local seen = seenTable(KEYS[2], KEYS[3])
    local prefix = ARGV[1]
    local author = ARGV[2]
    local removed = 0
    local function u32(s, o)
      local b1, b2, b3, b4 = string.byte(s, o + 1, o + 4)
      return b1 + 256 * (b2 + 256 * (b3 + 256 * b4))
    end
    -- The positions of `author`'s items in generation `g`: from its page records, or from the
    -- 24-byte records of its feature log when it was written by an earlier version.
    local function positionsOf(g)
      local found = {}
      local records = prefix .. 'items:' .. g
      local header = redis.call('GETRANGE', records, 0, 15)
      if #header == 16 then
        local n, k = u32(header, 4), u32(header, 8)
        local authors = redis.call('GETRANGE', records, 16 + 6 * n, 16 + 6 * n + 8 * k - 1)
        local index = nil
        for i = 0, k - 1 do
          if string.sub(authors, 8 * i + 1, 8 * i + 8) == author then index = i break end
        end
        if index and n > 0 then
          local body = redis.call('GETRANGE', records, 16, 16 + 6 * n - 1)
          local lo, hi = index % 256, math.floor(index / 256)
          for p = 0, n - 1 do
            local a, b = string.byte(body, 6 * p + 1, 6 * p + 2)
            if a == lo and b == hi then found[#found + 1] = p end
          end
        end
        return found
      end
      local flog = prefix .. 'flog:' .. g
      header = redis.call('GETRANGE', flog, 12, 15)
      if #header == 4 then
        local n = u32(header, 0)
        if n > 0 then
          local items = redis.call('GETRANGE', flog, 32, 32 + 24 * n - 1)
          for p = 0, n - 1 do
            if string.sub(items, 24 * p + 9, 24 * p + 16) == author then found[#found + 1] = p end
          end
        end
      end
      return found
    end
    for _, g in ipairs({meta[1], meta[2]}) do
      if g and g ~= '' then
        local snap = prefix .. 'snap:' .. g
        for _, p in ipairs(positionsOf(g)) do
          local members = redis.call('ZRANGEBYSCORE', snap, p, p)
          for _, m in ipairs(members) do
            if not seen[m] then
              removed = removed + redis.call('ZREM', snap, m)
            end
          end
        end
      end
    end
    return removed
    """#)

    /// Removes `author`'s unseen items from `user`'s current and previous generations.
    /// - Returns: how many snapshot entries were removed.
    @discardableResult
    public func hide(client: RedisClient, user: UserID, author: AuthorID) async throws -> Int {
        Int(try await client.execute(command(user: user, author: author)).int ?? 0)
    }

    /// The `EVALSHA` of the script for `user` and `author` (for a pipeline); its reply is the
    /// number of snapshot entries removed.
    public func command(user: UserID, author: AuthorID) -> RedisCommand {
        var authorBytes: [UInt8] = []
        withUnsafeBytes(of: author.rawValue.littleEndian) { authorBytes.append(contentsOf: $0) }
        return Self.script.command(
            keys: [keys.feedMeta(user), keys.seen(user), keys.seenQueue(user)],
            arguments: [FeedKeys.userPrefix(user), authorBytes])
    }
}

import FeedCore
import PrefeedRedis

/// Makes a hide take effect on the user's next page: removes the hidden author's unseen items from
/// the current and previous snapshots, in one `EVALSHA`.
///
/// Authors are read from the generations' feature logs (the 24-byte item records); a matching
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
    public static let script = RedisScript(SeenQueue.queuedFunction + #"""
    local meta = redis.call('HMGET', KEYS[1], 'cur', 'prev')
    local queued = queuedSeen(KEYS[3])
    local prefix = ARGV[1]
    local author = ARGV[2]
    local removed = 0
    for _, g in ipairs({meta[1], meta[2]}) do
      if g and g ~= '' then
        local flog = prefix .. 'flog:' .. g
        local snap = prefix .. 'snap:' .. g
        local header = redis.call('GETRANGE', flog, 12, 15)
        if #header == 4 then
          local b1, b2, b3, b4 = string.byte(header, 1, 4)
          local n = b1 + 256 * (b2 + 256 * (b3 + 256 * b4))
          if n > 0 then
            local items = redis.call('GETRANGE', flog, 32, 32 + 24 * n - 1)
            for p = 0, n - 1 do
              local off = 24 * p
              if string.sub(items, off + 9, off + 16) == author then
                local members = redis.call('ZRANGEBYSCORE', snap, p, p)
                for _, m in ipairs(members) do
                  if not queued[m] and not redis.call('ZSCORE', KEYS[2], m) then
                    removed = removed + redis.call('ZREM', snap, m)
                  end
                end
              end
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

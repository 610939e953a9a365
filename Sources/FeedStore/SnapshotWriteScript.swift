import PrefeedRedis

/// Switches a user's feed to a new generation atomically: snapshot, feature log and meta pointer in
/// one script call, all keys in the user's slot.
///
/// KEYS: meta, new snapshot, new feature log. ARGV: generation, user key prefix, generated-at,
/// model version, feed TTL (meta keeps `pmodel`, the previous generation's model), grace period, feature log bytes, schema hash, then the post ids in
/// position order. The previous current snapshot gets the grace TTL; its feature log too unless the
/// page script marked that generation served (its log then lives the attribution window). Refuses
/// (returns `{0, current}`) when the current generation is not older than the new one; returns
/// `{1, previous or ""}` on success. Generation keys of older generations are built from the user
/// prefix: they share the user's hash tag, hence the slot.
enum SnapshotWriteScript {
    static let firstItemArgument = 9

    static let script = RedisScript(#"""
    local function newer(a, b)
      if #a ~= #b then return #a > #b end
      return a > b
    end
    local gen = ARGV[1]
    local old = redis.call('HMGET', KEYS[1], 'cur', 'model', 'served')
    local cur = old[1]
    if cur and cur ~= '' and not newer(gen, cur) then return {0, cur} end
    local ttl = tonumber(ARGV[5])
    redis.call('DEL', KEYS[2])
    local n = #ARGV - 8
    local i = 9
    while i <= #ARGV do
      local args = {}
      local last = math.min(#ARGV, i + 199)
      for j = i, last do
        args[#args + 1] = j - 9
        args[#args + 1] = ARGV[j]
      end
      redis.call('ZADD', KEYS[2], unpack(args))
      i = last + 1
    end
    if n > 0 then redis.call('EXPIRE', KEYS[2], ttl) end
    redis.call('SET', KEYS[3], ARGV[7], 'EX', ttl)
    if cur and cur ~= '' then
      redis.call('EXPIRE', ARGV[2] .. 'snap:' .. cur, ARGV[6])
      if old[3] ~= cur then
        redis.call('EXPIRE', ARGV[2] .. 'flog:' .. cur, ARGV[6])
      end
    end
    redis.call('HSET', KEYS[1], 'cur', gen, 'prev', cur or '', 'at', ARGV[3], 'model', ARGV[4], 'n', n, 'schema', ARGV[8], 'pmodel', old[2] or '')
    redis.call('HDEL', KEYS[1], 'served')
    redis.call('EXPIRE', KEYS[1], ttl)
    return {1, cur or ''}
    """#)
}

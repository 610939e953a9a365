import PrefeedRedis

/// The Lua scripts of live source-data updates. Each touches one key, so each is cluster-safe.
enum SourceScripts {
    /// Adds `amount` to one head of a decayed user–author affinity (see ``AffinityCodec``), and
    /// drops the weakest of a few sampled authors when the hash holds more than `cap` authors.
    /// KEYS[1] affinity hash. ARGV: author, head index (0-based), amount, time, half-life, cap, ttl.
    static let affinityAdd = RedisScript(#"""
    local raw = redis.call('HGET', KEYS[1], ARGV[1])
    local t = tonumber(ARGV[4])
    local h = tonumber(ARGV[5])
    local idx = tonumber(ARGV[2]) + 2
    local amount = tonumber(ARGV[3])
    local p = {}
    if raw then for x in string.gmatch(raw, '[^,]+') do p[#p + 1] = tonumber(x) end end
    if #p ~= 7 then p = {t, 0, 0, 0, 0, 0, 0} end
    if t >= p[1] then
      local f = 2 ^ (-(t - p[1]) / h)
      for i = 2, 7 do p[i] = p[i] * f end
      p[1] = t
      p[idx] = p[idx] + amount
    else
      p[idx] = p[idx] + amount * 2 ^ (-(p[1] - t) / h)
    end
    local out = string.format('%.3f', p[1])
    for i = 2, 7 do out = out .. ',' .. string.format('%.6g', p[i]) end
    redis.call('HSET', KEYS[1], ARGV[1], out)
    local cap = tonumber(ARGV[6])
    if redis.call('HLEN', KEYS[1]) > cap then
      local sample = redis.call('HRANDFIELD', KEYS[1], 8, 'WITHVALUES')
      local worst, worstValue = nil, nil
      for i = 1, #sample, 2 do
        if sample[i] ~= ARGV[1] then
          local q = {}
          for x in string.gmatch(sample[i + 1], '[^,]+') do q[#q + 1] = tonumber(x) end
          local s = 0
          if #q == 7 then s = (q[2] + q[3] + q[4] + q[5]) * 2 ^ (-(t - q[1]) / h) end
          if worstValue == nil or s < worstValue then worst, worstValue = sample[i], s end
        end
      end
      if worst then redis.call('HDEL', KEYS[1], worst) end
    end
    redis.call('EXPIRE', KEYS[1], ARGV[7])
    return 1
    """#)

    /// Adds one event to a log-space decayed ZSET score (see ``DecayedScore``) and trims the set to
    /// its `cap` best members. KEYS[1] zset. ARGV: member, log term, cap.
    static let decayedAdd = RedisScript(#"""
    local x = tonumber(ARGV[2])
    local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
    if old then
      old = tonumber(old)
      local hi, lo = math.max(old, x), math.min(old, x)
      x = hi + math.log(1 + 2 ^ (lo - hi)) / math.log(2)
    end
    redis.call('ZADD', KEYS[1], x, ARGV[1])
    local cap = tonumber(ARGV[3])
    local n = redis.call('ZCARD', KEYS[1])
    if n > cap then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - cap - 1) end
    return 1
    """#)

    /// Increments one hourly engagement bucket, refreshes the TTL, and when the hash holds more than
    /// `max fields` drops buckets older than `min hour`. KEYS[1] hash. ARGV: field, amount, ttl,
    /// max fields, min hour.
    static let bucketAdd = RedisScript(#"""
    redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
    redis.call('EXPIRE', KEYS[1], ARGV[3])
    if redis.call('HLEN', KEYS[1]) > tonumber(ARGV[4]) then
      local minHour = tonumber(ARGV[5])
      for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
        local hour = tonumber(string.sub(f, 1, -2))
        if hour == nil or hour < minHour then redis.call('HDEL', KEYS[1], f) end
      end
    end
    return 1
    """#)

    /// Follows once: adds the author unless present or the set is full. Returns 1 when added, 0
    /// when already followed, -1 when full. KEYS[1] follow set. ARGV: author, time, cap, ttl.
    static let follow = RedisScript(#"""
    if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
    if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return -1 end
    redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
    redis.call('EXPIRE', KEYS[1], ARGV[4])
    return 1
    """#)

    /// Creates a post unless its id belongs to another author: checks the stored author and writes
    /// the hash in one call, so two writers racing on one id cannot both win. Returns `{1, author}`
    /// when created, `{0, author}` when the same author's post was rewritten (idempotent), `{-1,
    /// stored author}` when the id is another author's (nothing written). KEYS[1] post hash. ARGV:
    /// author, ttl, then the hash's field/value pairs.
    static let createPost = RedisScript(#"""
    local current = redis.call('HGET', KEYS[1], 'a')
    if current and current ~= ARGV[1] then return {-1, current} end
    redis.call('HSET', KEYS[1], unpack(ARGV, 3))
    redis.call('EXPIRE', KEYS[1], ARGV[2])
    if current then return {0, current} end
    return {1, ARGV[1]}
    """#)

    /// Deletes a post's hash and engagement only while its stored author is the given one, so a
    /// delete checked against the author cannot remove a post that was re-created by someone else
    /// in between. Returns 1 when deleted, 0 when the post is already gone, -1 when it is another
    /// author's (nothing deleted). KEYS[1] post hash, KEYS[2] post engagement (same tag). ARGV: author.
    static let deleteOwnedPost = RedisScript(#"""
    local owner = redis.call('HGET', KEYS[1], 'a')
    if not owner then return 0 end
    if owner ~= ARGV[1] then return -1 end
    redis.call('DEL', KEYS[1], KEYS[2])
    return 1
    """#)
}

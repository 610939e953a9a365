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

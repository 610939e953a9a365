local function queuedSeen(queueKey)
  local set = {}
  local q = redis.call('GET', queueKey)
  if q then
    for id in string.gmatch(q, '(%d+),') do set[id] = true end
  end
  return set
end
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

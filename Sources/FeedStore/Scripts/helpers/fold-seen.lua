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

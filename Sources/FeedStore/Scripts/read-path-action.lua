--! include helpers/seen-table.lua
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local n = tonumber(ARGV[6])
local limit = tonumber(ARGV[7])
local rateWindow = tonumber(ARGV[8])
if limit > 0 then
  local used = tonumber(redis.call('GET', KEYS[7]) or '0')
  if used > 0 and used + n > limit then
    local wait = redis.call('PTTL', KEYS[7])
    if wait < 0 then wait = rateWindow * 1000 end
    return {-1, wait}
  end
  redis.call('INCRBY', KEYS[7], n)
  if redis.call('TTL', KEYS[7]) < 0 then redis.call('EXPIRE', KEYS[7], rateWindow) end
end
local repeatWindow = tonumber(ARGV[9])
local lease = tonumber(ARGV[12])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. tostring(now - window))
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. tostring(now - repeatWindow))
-- Seen = the seen log (or a seen ZSET of the earlier layout) plus the queue, read once per call.
local seen = nil
local function served(item)
  if not seen then seen = seenTable(KEYS[5], KEYS[6]) end
  return seen[item] == true
end
local out = {}
local pending, counted = false, false
local i = 13
for e = 1, n do
  local id, item, action, effects = ARGV[i], ARGV[i + 2], ARGV[i + 3], ARGV[i + 6]
  local code, mask = 0, 0
  if redis.call('ZADD', KEYS[1], 'NX', now, id) == 1 then
    local status = 'served'
    if not served(item) then
      status, code = 'unserved', 3
    elseif effects == '1' then
      counted = true
      if redis.call('ZADD', KEYS[4], 'NX', now, item .. ':' .. action) == 0 then
        status, code = 'repeat', 4
      else
        redis.call('HSET', KEYS[3], id, '0,' .. tostring(now + lease))
        pending, code = true, 1
      end
    else
      code = 2
    end
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*',
      'user', ARGV[5], 'event', id, 'req', ARGV[i + 1], 'item', item,
      'action', action, 'ct', ARGV[i + 4], 'dwell', ARGV[i + 5], 't', ARGV[1], 'status', status)
  else
    local pendingState = redis.call('HGET', KEYS[3], id)
    if pendingState then
      local done, leasedUntil = string.match(pendingState, '^(%d+),?([%d.]*)$')
      if done and (leasedUntil == '' or tonumber(leasedUntil) <= now) then
        redis.call('HSET', KEYS[3], id, done .. ',' .. tostring(now + lease))
        code, mask = 5, tonumber(done)
      elseif done then
        code, mask = 6, math.ceil((tonumber(leasedUntil) - now) * 1000)
      end
    end
  end
  out[#out + 1] = code
  out[#out + 1] = mask
  i = i + 7
end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
redis.call('EXPIRE', KEYS[1], window)
if counted then
  redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -(tonumber(ARGV[10]) + 1))
  redis.call('EXPIRE', KEYS[4], repeatWindow)
end
if pending then
  local excess = redis.call('HLEN', KEYS[3]) - tonumber(ARGV[11])
  if excess > 0 then
    redis.call('HDEL', KEYS[3], unpack(redis.call('HRANDFIELD', KEYS[3], excess)))
  end
  redis.call('EXPIRE', KEYS[3], window)
end
return out

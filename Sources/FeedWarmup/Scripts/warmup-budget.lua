local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local delta = tonumber(ARGV[1])
if delta < 0 then
  local back = math.min(-delta, used)
  if back <= 0 then return {0, used} end
  return {-back, redis.call('DECRBY', KEYS[1], back)}
end
local grant = math.min(delta, tonumber(ARGV[2]) - used)
if grant <= 0 then return {0, used} end
used = redis.call('INCRBY', KEYS[1], grant)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {grant, used}

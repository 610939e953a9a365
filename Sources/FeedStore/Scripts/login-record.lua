local t = tonumber(ARGV[1])
local newest = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local previous = newest[2] and tonumber(newest[2])
if previous and math.abs(t - previous) < tonumber(ARGV[2]) then
  redis.call('EXPIRE', KEYS[1], ARGV[5])
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[1])
-- The newest start after the ZADD, without reading it back.
local top = previous and math.max(t, previous) or t
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (top - tonumber(ARGV[4])))
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1

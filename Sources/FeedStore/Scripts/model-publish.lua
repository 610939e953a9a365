redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
if ARGV[4] == '1' then redis.call('SET', KEYS[3], ARGV[1]) end
local keep = tonumber(ARGV[5])
local current = redis.call('GET', KEYS[3])
local n = redis.call('ZCARD', KEYS[1])
if n > keep then
  for _, v in ipairs(redis.call('ZRANGE', KEYS[1], 0, n - keep - 1)) do
    if v ~= current then
      redis.call('ZREM', KEYS[1], v)
      redis.call('DEL', ARGV[6] .. v)
    end
  end
end
return 1

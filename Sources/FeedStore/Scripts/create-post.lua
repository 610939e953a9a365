local current = redis.call('HGET', KEYS[1], 'a')
if current and current ~= ARGV[1] then return {-1, current} end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], ARGV[2])
if current then return {0, current} end
return {1, ARGV[1]}

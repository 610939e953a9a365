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

local acked = 0
local logged = tonumber(ARGV[2]) > 0
for i = 4, #ARGV, 2 do
  local id = ARGV[i]
  if redis.call('XACK', KEYS[1], ARGV[1], id) == 1 then
    redis.call('XDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    if logged then
      redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', 'id', id, 'u', ARGV[i + 1], 'c', ARGV[3])
    end
    acked = acked + 1
  end
end
return acked

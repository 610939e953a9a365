local moved = 0
for i = 4, #ARGV, 4 do
  local id = ARGV[i]
  if redis.call('XACK', KEYS[1], ARGV[1], id) == 1 then
    local err = ARGV[i + 3]
    if err == '' then
      err = redis.call('HGET', KEYS[2], id) or 'no error recorded: the worker died or stalled while processing it'
    end
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*',
      'id', id, 'u', ARGV[i + 1], 'attempts', ARGV[i + 2], 'error', err, 'at', ARGV[3])
    redis.call('XDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    moved = moved + 1
  end
end
return moved

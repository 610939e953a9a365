local function newer(a, b)
  if #a ~= #b then return #a > #b end
  return a > b
end
local gen = ARGV[1]
local old = redis.call('HMGET', KEYS[1], 'cur', 'model', 'served', 'n')
local cur = old[1]
if cur and cur ~= '' and not newer(gen, cur) then
  if gen ~= cur then redis.call('DEL', KEYS[3]) end
  return {0, cur}
end
local ttl = tonumber(ARGV[5])
local n = tonumber(ARGV[11])
if n > 0 then
  redis.call('RESTORE', KEYS[2], ttl * 1000, ARGV[10], 'REPLACE')
else
  redis.call('DEL', KEYS[2])
end
if cur and cur ~= '' then
  redis.call('EXPIRE', ARGV[2] .. cur, ARGV[6])
  redis.call('EXPIRE', ARGV[9] .. cur, ARGV[6])
  if old[3] ~= cur then
    redis.call('EXPIRE', ARGV[12] .. cur, ARGV[6])
  end
end
redis.call('HSET', KEYS[1], 'cur', gen, 'prev', cur or '', 'at', ARGV[3], 'model', ARGV[4], 'n', n, 'schema', ARGV[8], 'pmodel', old[2] or '', 'pn', old[4] or '')
redis.call('HDEL', KEYS[1], 'served')
redis.call('EXPIRE', KEYS[1], ttl)
return {1, cur or ''}

local current = redis.call('GET', KEYS[2]) or ''
local target = ARGV[1]
if target == '' then
  if current == '' then return {0, 'no model is current, nothing to roll back', ''} end
  local rank = redis.call('ZRANK', KEYS[1], current)
  if not rank then return {0, 'current version ' .. current .. ' is not in the registry', ''} end
  if rank == 0 then return {0, 'no version was published before ' .. current, ''} end
  target = redis.call('ZRANGE', KEYS[1], rank - 1, rank - 1)[1]
elseif not redis.call('ZSCORE', KEYS[1], target) then
  return {0, 'version ' .. target .. ' is not in the registry', ''}
end
if redis.call('EXISTS', ARGV[2] .. target) == 0 then
  return {0, 'the model file of ' .. target .. ' is missing', ''}
end
redis.call('SET', KEYS[2], target)
return {1, current, target}

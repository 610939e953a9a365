local out = {redis.call('GET', KEYS[2])}
local entries = redis.call('ZREVRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #entries, 2 do
  out[#out + 1] = entries[i]
  out[#out + 1] = entries[i + 1]
  out[#out + 1] = redis.call('STRLEN', ARGV[1] .. entries[i])
end
return out

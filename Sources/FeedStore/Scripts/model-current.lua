local v = redis.call('GET', KEYS[1])
if not v then return nil end
local json = redis.call('GET', ARGV[1] .. v)
if not json then return nil end
return {v, json}

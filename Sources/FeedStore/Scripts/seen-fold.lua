--! include helpers/upgrade-seen.lua
--! include helpers/fold-seen.lua

foldSeen(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]), ARGV[3])
return redis.call('GET', KEYS[1])

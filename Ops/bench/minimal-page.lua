-- The physical reference of Ops/bench/read-path (`limit_rps`): the least a page read can do in
-- one round trip — find the position of `after` in the snapshot, read the next LIMIT ids, and
-- append the impression to a stream — with none of the product's checks (meta, generations,
-- deletions, seen marks, page records).
--
--   redis-cli --eval Ops/bench/minimal-page.lua {u:1}:snap:<gen> {u:1}:bench-impressions , <after> 20
--
-- KEYS[1] snapshot ZSET (post id → position), KEYS[2] impression stream (same slot);
-- ARGV[1] the last-seen post id, ARGV[2] the page size. Returns the page's ids.
local position = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not position then return {} end
local ids = redis.call('ZRANGE', KEYS[1], '(' .. position, '+inf', 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'after', ARGV[1], 'items', table.concat(ids, ','))
return ids

--! include helpers/upgrade-seen.lua
--! include helpers/fold-seen.lua
--! include helpers/record-page.lua
--! include helpers/seen-table.lua
local meta = redis.call('HMGET', KEYS[1], 'cur', 'prev', 'model', 'at', 'pmodel', 'served', 'n', 'pn')
local cur = meta[1]
if not cur or cur == '' then return {0} end
local limit = tonumber(ARGV[3])
local gen, start = nil, nil
local restarted = 0
if ARGV[2] ~= '' then
  local gens = {}
  if ARGV[7] ~= '' then gens[#gens + 1] = ARGV[7] end
  gens[#gens + 1] = cur
  if meta[2] and meta[2] ~= '' then gens[#gens + 1] = meta[2] end
  for _, g in ipairs(gens) do
    local pos = redis.call('ZSCORE', ARGV[1] .. g, ARGV[2])
    if pos then
      gen = g
      start = tonumber(pos) + 1
      break
    end
  end
  if not gen then restarted = 1 end
end
local ids, positions = {}, {}
if gen then
  local r = redis.call('ZRANGEBYSCORE', ARGV[1] .. gen, start, '+inf', 'WITHSCORES', 'LIMIT', 0, limit)
  for i = 1, #r, 2 do
    ids[#ids + 1] = r[i]
    positions[#positions + 1] = r[i + 1]
  end
else
  gen = cur
  local snap = ARGV[1] .. gen
  local offset = 0
  local chunk = math.max(2 * limit, 50)
  local seen = seenTable(KEYS[2], KEYS[4])
  while #ids < limit do
    local r = redis.call('ZRANGEBYSCORE', snap, offset, '+inf', 'WITHSCORES', 'LIMIT', 0, chunk)
    if #r == 0 then break end
    for i = 1, #r, 2 do
      if not seen[r[i]] and #ids < limit then
        ids[#ids + 1] = r[i]
        positions[#positions + 1] = r[i + 1]
      end
    end
    offset = tonumber(r[#r]) + 1
  end
end
local model = meta[3] or ''
if gen ~= cur then
  if meta[2] == gen then model = meta[5] or '' else model = '' end
end
if #ids == 0 then return {1, gen, model, restarted, '', meta[4] or '', 0, ''} end
local now = ARGV[5]
local idList, positionList = table.concat(ids, ','), table.concat(positions, ',')
local entry = recordPage(KEYS[3], KEYS[2], KEYS[4], ARGV[8], ARGV[4], ARGV[6], gen, idList, positionList, now, model,
  tonumber(ARGV[9]), ARGV[10], tonumber(ARGV[13]))
if gen == cur and meta[6] ~= cur then redis.call('HSET', KEYS[1], 'served', cur) end
local first = tonumber(positions[1])
local last = tonumber(positions[#positions])
local records = ARGV[12] .. gen
local details = redis.call('GETRANGE', records, 16 + 6 * first, 16 + 6 * (last + 1) - 1)
if #details == 0 then
  -- A generation of the old layout: 24-byte records in its feature log, which lives the
  -- attribution window once served (the join still reads it).
  local flog = ARGV[14] .. gen
  local attribution = tonumber(ARGV[11])
  local ttl = redis.call('TTL', flog)
  if ttl >= 0 and ttl < attribution - 3600 then redis.call('EXPIRE', flog, attribution) end
  details = redis.call('GETRANGE', flog, 32 + 24 * first, 32 + 24 * (last + 1) - 1)
  return {1, gen, model, restarted, entry, meta[4] or '', first, details, idList, positionList, 0}
end
local n
if gen == cur then n = meta[7] elseif gen == meta[2] then n = meta[8] end
n = tonumber(n)
if not n then
  local h = redis.call('GETRANGE', records, 4, 7)
  local b1, b2, b3, b4 = string.byte(h, 1, 4)
  n = b1 + 256 * (b2 + 256 * (b3 + 256 * b4))
end
local top = 0
for i = 1, #positions do
  local o = 6 * (tonumber(positions[i]) - first)
  local lo, hi = string.byte(details, o + 1, o + 2)
  if lo then
    local index = lo + 256 * hi
    if index > top then top = index end
  end
end
local table8 = redis.call('GETRANGE', records, 16 + 6 * n, 16 + 6 * n + 8 * (top + 1) - 1)
local authors = {}
for i = 1, #positions do
  local o = 6 * (tonumber(positions[i]) - first)
  local lo, hi = string.byte(details, o + 1, o + 2)
  local index = (lo or 0) + 256 * (hi or 0)
  authors[i] = string.sub(table8, 8 * index + 1, 8 * index + 8)
end
return {1, gen, model, restarted, entry, meta[4] or '', first, details, idList, positionList, table.concat(authors)}

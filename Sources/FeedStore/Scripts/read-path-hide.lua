--! include helpers/seen-table.lua
local meta = redis.call('HMGET', KEYS[1], 'cur', 'prev')
local seen = seenTable(KEYS[2], KEYS[3])
local prefix = ARGV[1]
local author = ARGV[2]
local removed = 0
local function u32(s, o)
  local b1, b2, b3, b4 = string.byte(s, o + 1, o + 4)
  return b1 + 256 * (b2 + 256 * (b3 + 256 * b4))
end
-- The positions of `author`'s items in generation `g`: from its page records, or from the
-- 24-byte records of its feature log when it was written by an earlier version.
local function positionsOf(g)
  local found = {}
  local records = prefix .. 'items:' .. g
  local header = redis.call('GETRANGE', records, 0, 15)
  if #header == 16 then
    local n, k = u32(header, 4), u32(header, 8)
    local authors = redis.call('GETRANGE', records, 16 + 6 * n, 16 + 6 * n + 8 * k - 1)
    local index = nil
    for i = 0, k - 1 do
      if string.sub(authors, 8 * i + 1, 8 * i + 8) == author then index = i break end
    end
    if index and n > 0 then
      local body = redis.call('GETRANGE', records, 16, 16 + 6 * n - 1)
      local lo, hi = index % 256, math.floor(index / 256)
      for p = 0, n - 1 do
        local a, b = string.byte(body, 6 * p + 1, 6 * p + 2)
        if a == lo and b == hi then found[#found + 1] = p end
      end
    end
    return found
  end
  local flog = prefix .. 'flog:' .. g
  header = redis.call('GETRANGE', flog, 12, 15)
  if #header == 4 then
    local n = u32(header, 0)
    if n > 0 then
      local items = redis.call('GETRANGE', flog, 32, 32 + 24 * n - 1)
      for p = 0, n - 1 do
        if string.sub(items, 24 * p + 9, 24 * p + 16) == author then found[#found + 1] = p end
      end
    end
  end
  return found
end
for _, g in ipairs({meta[1], meta[2]}) do
  if g and g ~= '' then
    local snap = prefix .. 'snap:' .. g
    for _, p in ipairs(positionsOf(g)) do
      local members = redis.call('ZRANGEBYSCORE', snap, p, p)
      for _, m in ipairs(members) do
        if not seen[m] then
          removed = removed + redis.call('ZREM', snap, m)
        end
      end
    end
  end
end
return removed

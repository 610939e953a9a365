local raw = redis.call('HGET', KEYS[1], ARGV[1])
local t = tonumber(ARGV[4])
local h = tonumber(ARGV[5])
local idx = tonumber(ARGV[2]) + 2
local amount = tonumber(ARGV[3])
local p = {}
if raw then for x in string.gmatch(raw, '[^,]+') do p[#p + 1] = tonumber(x) end end
if #p ~= 7 then p = {t, 0, 0, 0, 0, 0, 0} end
if t >= p[1] then
  local f = 2 ^ (-(t - p[1]) / h)
  for i = 2, 7 do p[i] = p[i] * f end
  p[1] = t
  p[idx] = p[idx] + amount
else
  p[idx] = p[idx] + amount * 2 ^ (-(p[1] - t) / h)
end
local out = string.format('%.3f', p[1])
for i = 2, 7 do out = out .. ',' .. string.format('%.6g', p[i]) end
redis.call('HSET', KEYS[1], ARGV[1], out)
local cap = tonumber(ARGV[6])
if redis.call('HLEN', KEYS[1]) > cap then
  local sample = redis.call('HRANDFIELD', KEYS[1], 8, 'WITHVALUES')
  local worst, worstValue = nil, nil
  for i = 1, #sample, 2 do
    if sample[i] ~= ARGV[1] then
      local q = {}
      for x in string.gmatch(sample[i + 1], '[^,]+') do q[#q + 1] = tonumber(x) end
      local s = 0
      if #q == 7 then s = (q[2] + q[3] + q[4] + q[5]) * 2 ^ (-(t - q[1]) / h) end
      if worstValue == nil or s < worstValue then worst, worstValue = sample[i], s end
    end
  end
  if worst then redis.call('HDEL', KEYS[1], worst) end
end
redis.call('EXPIRE', KEYS[1], ARGV[7])
return 1

-- wrk script of Ops/bench/read-path: each request reads a page of a random sampled user after a
-- random item of that user's feed. SAMPLE_LUA (written by read_path_sample.py) defines
-- `tokens` (bearer tokens) and `items` (per user, item ids of the feed).
local sample = assert(loadfile(os.getenv("SAMPLE_LUA")))()
local tokens, items = sample.tokens, sample.items
local limit = os.getenv("LIMIT") or "20"

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
  local i = math.random(#tokens)
  local list = items[i]
  local after = list[math.random(#list)]
  return wrk.format("GET", "/v1/feed?limit=" .. limit .. "&after=" .. after,
    { ["Authorization"] = "Bearer " .. tokens[i] })
end

-- WRK_RESULT requests seconds p50_ms p99_ms non_2xx mean_ms socket_errors. `non_2xx` is wrk's
-- errors.status (responses with status >= 400; the feed route never redirects, so every other
-- response is a 2xx); socket errors are connect, read, write and timeout errors. The callers
-- count only 2xx responses in their rates and fail the run when either is non-zero.
function done(summary, latency, requests)
  local non2xx = summary.errors.status
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK_RESULT %d %.3f %.3f %.3f %d %.3f %d\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx, latency.mean / 1000, socket))
end

-- wrk script for benchmarks/load.py: each request carries the header the proxy would
-- add (X-Forwarded-Proto: https, so production settings need no TLS here) and, for
-- signed-in pages, the session cookie from BENCH_COOKIE. done() prints one JSON line
-- (prefixed BENCH_RESULT) with the p95 and the errors, non-2xx answers included.

wrk.headers["X-Forwarded-Proto"] = "https"
local cookie = os.getenv("BENCH_COOKIE")
if cookie ~= nil and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_2xx = 0
  cache_hits = 0
  cache_misses = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
  end
  -- Set by the anonymous page cache, where there is one.
  local cache = headers["X-Page-Cache"] or headers["x-page-cache"]
  if cache == "hit" then
    cache_hits = cache_hits + 1
  elseif cache == "miss" then
    cache_misses = cache_misses + 1
  end
end

function done(summary, latency, requests)
  local totals = { not_2xx = 0, cache_hits = 0, cache_misses = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p95_ms": %.3f, '
      .. '"p99_ms": %.3f, "connect": %d, "read": %d, "write": %d, "timeout": %d, '
      .. '"status": %d, "not_2xx": %d, "cache_hits": %d, "cache_misses": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    totals.not_2xx, totals.cache_hits, totals.cache_misses
  ))
end

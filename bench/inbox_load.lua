-- wrk script of bench_web.py: each wrk thread is one logged-in official with one connection,
-- asking for its Kotak Masuk again as soon as the last answer arrived (a closed loop).
-- Environment: BENCH_COOKIES, the officials' session cookies separated by spaces;
-- BENCH_ROTATE=1 sends them in turn from one connection instead (one request at a time).

local cookies = {}
for cookie in string.gmatch(os.getenv("BENCH_COOKIES") or "", "%S+") do
  table.insert(cookies, cookie)
end
local rotate = os.getenv("BENCH_ROTATE") == "1"
local threads = {}
local started = 0

function setup(thread)
  started = started + 1
  thread:set("index", started)
  table.insert(threads, thread)
end

function init(args)
  failed = 0
  turn = index - 1
  if not rotate then
    wrk.headers["Cookie"] = cookies[(index - 1) % #cookies + 1]
  end
end

function request()
  if rotate then
    turn = turn + 1
    return wrk.format("GET", "/", {Cookie = cookies[(turn - 1) % #cookies + 1]})
  end
  return wrk.format("GET", "/")
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local failures = 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failed")
  end
  io.write(string.format("RESULT p50_us=%d p95_us=%d max_us=%d requests=%d not_ok=%d errors=%d\n",
    latency:percentile(50), latency:percentile(95), latency.max, summary.requests, failures,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

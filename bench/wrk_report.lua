-- Loaded by bench/load.py into wrk: counts every response that is not a 2xx and prints one
-- machine-readable line, so a benchmark can refuse to report the speed of an error page.
-- wrk's own errors.status only counts codes above 399; a redirect to the sign-in page
-- would pass unnoticed without the count kept here.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  -- Globals, because done() can only read a thread's state through thread:get().
  non_2xx = 0
  first_bad_status = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    if first_bad_status == 0 then
      first_bad_status = status
    end
  end
end

function done(summary, latency, requests)
  local bad, first = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non_2xx") or 0)
    local status = thread:get("first_bad_status") or 0
    if first == 0 then
      first = status
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'wrk_report {"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx": %d, '
      .. '"first_bad_status": %d, "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d, "latency_mean_us": %.1f, '
      .. '"latency_max_us": %d, "latency_p50_us": %d, "latency_p95_us": %d, '
      .. '"latency_p99_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, bad, first,
    errors.connect, errors.read, errors.write, errors.timeout,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)
  ))
end

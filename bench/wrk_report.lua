-- wrk script for bench_load.py. With the argument "new-page" (after "--"), every request asks
-- for a rendering of the list not kept yet: the same filters with a page number written
-- differently each time (unreadable, so page 1 with a notice), which the page cache keys
-- apart while the facet counts and facets (keyed without the page) and the rows (kept per
-- trial) stay cached.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

init = function(args)
  fresh = args[1] == "new-page"
  counter = 0
end

request = function()
  if not fresh then
    return wrk.format()
  end
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "page=new-" .. thread_number .. "-" .. counter)
end

-- "done" hook: one JSON line with what bench_load.py reports (latencies in microseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end

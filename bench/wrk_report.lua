-- wrk script for bench_load.py.
--
-- With no argument, every request is the URL given to wrk.
-- With "new-page" (after "--"), every request asks for a rendering of the list not cached yet:
-- the same filters with a page number written differently each time (unreadable, so page 1
-- with a notice), which the page cache keys apart while the facet counts and rows stay cached.
-- With "combinations" followed by "name=value1,value2,..." arguments (the vocabularies' values,
-- which bench_load.py reads from the database), every request is a new combination of filters
-- drawn at random, as visitors make them: each filter is used with probability 1/2 (at least
-- one), with one of its values, plus a random page of the first three.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

init = function(args)
  mode = args[1]
  counter = 0
  facets = {}
  if mode == "combinations" then
    for index = 2, #args do
      local name, values = string.match(args[index], "^([^=]+)=(.*)$")
      local list = {}
      for value in string.gmatch(values, "[^,]+") do
        table.insert(list, value)
      end
      if #list > 0 then
        table.insert(facets, {name = name, values = list})
      end
    end
    math.randomseed(os.time() + thread_number * 7919)
  end
end

local function combination()
  local parts = {}
  while #parts == 0 do
    for _, facet in ipairs(facets) do
      if math.random() < 0.5 then
        table.insert(parts, facet.name .. "=" .. facet.values[math.random(#facet.values)])
      end
    end
  end
  local page = math.random(3)
  if page > 1 then
    table.insert(parts, "page=" .. page)
  end
  return table.concat(parts, "&")
end

request = function()
  if mode == "new-page" then
    counter = counter + 1
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. separator .. "page=new-" .. thread_number .. "-" .. counter)
  elseif mode == "combinations" then
    return wrk.format(nil, "/trials/?" .. combination())
  end
  return wrk.format()
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

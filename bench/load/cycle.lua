-- Cycle through a list of paths for wrk, and count the page cache's answers.
--
--   wrk -t2 -c16 -d10s -s bench/load/cycle.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- PATHS_FILE holds one path per line (bench/http_search.py writes 250 places and radii); each
-- thread starts at its own place in the list. done() prints one line bench/http_search.py reads:
-- "CACHE hit H miss M none N" (X-Page-Cache: hit, miss, or no such header).

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("offset", #threads)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      if #line > 0 then table.insert(paths, line) end
   end
   position = (offset * 7919) % #paths
   hit, miss, none = 0, 0, 0
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end

function response(status, headers, body)
   local state = headers["X-Page-Cache"]
   if state == "hit" then
      hit = hit + 1
   elseif state == "miss" then
      miss = miss + 1
   else
      none = none + 1
   end
end

function done(summary, latency, requests)
   local h, m, n = 0, 0, 0
   for _, thread in ipairs(threads) do
      h, m, n = h + thread:get("hit"), m + thread:get("miss"), n + thread:get("none")
   end
   io.write(string.format("CACHE hit %d miss %d none %d\n", h, m, n))
end

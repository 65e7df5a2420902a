-- The mixed load of bench/load.sh, for wrk: searches (page and API), profiles, slot lists (the
-- booking page and the slots API), a trickle of bookings, and every `race_every` seconds a burst
-- in which `race_size` connections book the same slot at once.
--
--   wrk -tN -cN -d30s -s bench/load/mixed.lua http://127.0.0.1:PORT -- DIR/targets.lua
--
-- Run it with one connection per thread (-t equal to -c): wrk calls response() without saying
-- which request it answers, and with a single connection the last request() is the one.
-- done() prints "LOAD ..." lines that bench/load_report.py reads.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_number", #threads)
end

function init(args)
   data = dofile(args[1])
   math.randomseed(data.seed + thread_number)
   -- Flat tables only: wrk's thread:get() cannot copy a table inside a table (it crashes).
   counts = {}      -- counts["kind status"] = answers
   race_sent = {}   -- race_sent[second] = 1 when this thread joined that second's burst
   race_wins = {}   -- race_wins[second] = 201 answers to that second's burst
   last_race = -1
end

local function pick(list)
   return list[math.random(#list)]
end

local function booking(body, kind)
   local patient = pick(data.patients)
   current = kind
   return wrk.format("POST", "/api/v1/bookings", {
      ["Content-Type"] = "application/json", ["Cookie"] = patient.cookie,
      ["X-CSRFToken"] = patient.token, ["User-Agent"] = data.user_agent}, body)
end

function request()
   local now = os.time()
   if data.race_every > 0 and now % data.race_every == 0 and now ~= last_race
         and thread_number <= data.race_size then
      -- The racing threads pick the same slot for this second, so their bookings race.
      last_race, race_second, race_sent[now] = now, now, 1
      return booking(data.races[math.floor(now / data.race_every) % #data.races + 1], "race")
   end
   local roll = math.random() * 100
   for _, share in ipairs(data.mix) do
      if roll < share.upto then
         if share.kind == "booking" then
            return booking(pick(data.bookings), "booking")
         end
         current = share.kind
         return wrk.format("GET", pick(data.paths[share.kind]), {["User-Agent"] = data.user_agent})
      end
   end
   current = "search"
   return wrk.format("GET", pick(data.paths.search), {["User-Agent"] = data.user_agent})
end

function response(status, headers, body)
   local key = current .. " " .. status
   counts[key] = (counts[key] or 0) + 1
   if current == "race" and status == 201 then
      race_wins[race_second] = (race_wins[race_second] or 0) + 1
   end
end

local function add_into(total, part)
   for key, value in pairs(part) do
      total[key] = (total[key] or 0) + value
   end
end

function done(summary, latency, requests)
   local counted, sent, wins = {}, {}, {}
   for _, thread in ipairs(threads) do
      add_into(counted, thread:get("counts"))
      add_into(sent, thread:get("race_sent"))
      add_into(wins, thread:get("race_wins"))
   end
   local e = summary.errors
   io.write(string.format("LOAD requests %d\nLOAD duration_us %d\n", summary.requests, summary.duration))
   io.write(string.format("LOAD socket_errors %d %d %d %d\nLOAD wrk_non_2xx_3xx %d\n",
                          e.connect, e.read, e.write, e.timeout, e.status))
   for _, p in ipairs({50, 90, 99}) do
      io.write(string.format("LOAD latency_us %d %d\n", p, latency:percentile(p)))
   end
   io.write(string.format("LOAD latency_max_us %d\n", latency.max))
   for key, n in pairs(counted) do
      io.write(string.format("LOAD status %s %d\n", key, n))
   end
   for second, n in pairs(sent) do
      io.write(string.format("LOAD race_burst %d %d %d\n", second, n, wins[second] or 0))
   end
end

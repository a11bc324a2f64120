-- Shared by the scenario scripts of the Rescind load driver (./bench, docs/load-driver.md). The scripts find it
-- through LUA_PATH, which the driver sets to this folder; to run one by hand:
--   LUA_PATH="rescind-bench/wrk/?.lua;;" wrk -t2 -c16 -d30s -s rescind-bench/wrk/issuance.lua URL -- threads=2 auth=...
--
-- Arguments after wrk's "--" are key=value pairs: threads=N (wrk's -t), pool=FILE (one token or name a line, split
-- between the threads in contiguous chunks), auth=HEADER (the Authorization header), and what a scenario adds.
-- Each thread counts what its scenario cares about in the global table `counters`; done() adds them up and prints
-- one line "RESCIND_WRK_RESULT {json}" that the driver reads.
local M = {}

local threads = {}

-- setup() runs in wrk's main Lua state, once per thread, before they start: it numbers them.
function M.setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- The key=value arguments, as a table.
function M.args(args)
  local a = {}
  for _, arg in ipairs(args) do
    local k, v = arg:match("^([^=]+)=(.*)$")
    if k then a[k] = v end
  end
  return a
end

-- This thread's chunk of the pool file: lines [id * n / threads, (id + 1) * n / threads).
function M.pool(a)
  local lines = {}
  for line in io.lines(a.pool) do
    if #line > 0 then table.insert(lines, line) end
  end
  local n, t = #lines, tonumber(a.threads)
  local from = math.floor(id * n / t) + 1
  local to = math.floor((id + 1) * n / t)
  local chunk = {}
  for i = from, to do table.insert(chunk, lines[i]) end
  if #chunk == 0 then error("thread " .. id .. " got no line of " .. a.pool .. " (" .. n .. " lines)") end
  return chunk
end

-- A cursor over a chunk: next() gives the lines in order and starts again at the end; in "once" mode every line
-- given a second time counts as a repeat (the pool was too small for the run).
function M.cursor(chunk, mode)
  local i = 0
  return function()
    i = i + 1
    if i > #chunk and mode == "once" then M.count("repeats") end
    return chunk[(i - 1) % #chunk + 1]
  end
end

counters = {}

function M.count(name, by)
  counters[name] = (counters[name] or 0) + (by or 1)
end

-- Counts an introspection's answer (RFC 7662) as "active" or "inactive"; answers whether the body was one.
function M.countIntrospection(body)
  if body:find('"active":true', 1, true) then
    M.count("active")
  elseif body:find('"active":false', 1, true) then
    M.count("inactive")
  else
    return false
  end
  return true
end

local function integer(x)
  return string.format("%d", x)
end

-- done() runs in the main state: adds up the threads' counters and prints the driver's line.
function M.done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counters")
    if c then
      for k, v in pairs(c) do totals[k] = (totals[k] or 0) + v end
    end
  end
  local names = {}
  for k, _ in pairs(totals) do table.insert(names, k) end
  table.sort(names)
  local counted = {}
  for _, k in ipairs(names) do table.insert(counted, string.format('"%s":%s', k, integer(totals[k]))) end
  local e = summary.errors
  io.write("RESCIND_WRK_RESULT {",
    '"requests":', integer(summary.requests),
    ',"duration_us":', integer(summary.duration),
    ',"bytes":', integer(summary.bytes),
    ',"latency_us":{"p50":', integer(latency:percentile(50)),
    ',"p90":', integer(latency:percentile(90)),
    ',"p99":', integer(latency:percentile(99)),
    ',"max":', integer(latency.max),
    ',"mean":', string.format("%.1f", summary.requests > 0 and latency.mean or 0), "}",
    ',"errors":{"status":', integer(e.status),
    ',"connect":', integer(e.connect),
    ',"read":', integer(e.read),
    ',"write":', integer(e.write),
    ',"timeout":', integer(e.timeout), "}",
    ',"counters":{', table.concat(counted, ","), "}}\n")
end

-- What every scenario script starts with: the shared setup and done.
function M.install()
  setup = M.setup
  done = M.done
end

return M

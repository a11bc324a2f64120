-- refresh: POST /token grant_type=refresh_token with rotation. The pool holds one refresh token per chain (more
-- chains than connections); a request takes a chain's newest token and its response gives the chain back with the
-- token it rotated to. A chain whose request failed is lost ("lost"); a request that finds no chain left sends a
-- token that cannot work and counts as "starved".
-- Arguments: threads=N pool=FILE auth=HEADER
local bench = require("common")
bench.install()

local chains = {}
local headers

function init(args)
  local a = bench.args(args)
  for _, token in ipairs(bench.pool(a)) do table.insert(chains, token) end
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = a.auth }
end

function request()
  local token = table.remove(chains)
  if not token then
    bench.count("starved")
    token = "rsc_rt_starved"
  end
  return wrk.format("POST", "/token", headers, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, headers, body)
  local token = status == 200 and body:match('"refresh_token":"([^"]+)"')
  if token then
    table.insert(chains, 1, token)
    bench.count("rotated")
  else
    bench.count("lost")
  end
end

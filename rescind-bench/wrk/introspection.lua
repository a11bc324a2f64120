-- introspection-warm, -cold, -revoked: POST /introspect of the pool's tokens (RFC 7662), counting what it answers.
-- Arguments: threads=N pool=FILE auth=HEADER mode=repeat|once (once: each token a single time; repeats counted)
local bench = require("common")
bench.install()

local nextToken
local headers

function init(args)
  local a = bench.args(args)
  nextToken = bench.cursor(bench.pool(a), a.mode)
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = a.auth }
end

function request()
  return wrk.format("POST", "/introspect", headers, "token=" .. nextToken())
end

function response(status, headers, body)
  if status ~= 200 then return end
  if not bench.countIntrospection(body) then bench.count("inactive") end
end

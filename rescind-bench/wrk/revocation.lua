-- revocation-refresh, revocation-access: POST /oauth/revoke (RFC 7009) of each token of the pool once.
-- Arguments: threads=N pool=FILE auth=HEADER hint=refresh_token|access_token mode=once
local bench = require("common")
bench.install()

local nextToken
local headers
local hint

function init(args)
  local a = bench.args(args)
  nextToken = bench.cursor(bench.pool(a), a.mode or "once")
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = a.auth }
  hint = a.hint
end

function request()
  return wrk.format("POST", "/oauth/revoke", headers, "token=" .. nextToken() .. "&token_type_hint=" .. hint)
end

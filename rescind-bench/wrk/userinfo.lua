-- userinfo: GET /userinfo (OIDC Core §5.3) with the pool's access tokens in turn as Bearer tokens.
-- Arguments: threads=N pool=FILE
local bench = require("common")
bench.install()

local nextToken

function init(args)
  local a = bench.args(args)
  nextToken = bench.cursor(bench.pool(a), "repeat")
end

function request()
  return wrk.format("GET", "/userinfo", { ["Authorization"] = "Bearer " .. nextToken() })
end

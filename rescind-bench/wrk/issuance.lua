-- issuance: POST /token grant_type=client_credentials, the same request every time (client_secret_basic).
-- Arguments: threads=N auth=HEADER
local bench = require("common")
bench.install()

function init(args)
  local a = bench.args(args)
  wrk.method = "POST"
  wrk.path = "/token"
  wrk.body = "grant_type=client_credentials"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Authorization"] = a.auth
end

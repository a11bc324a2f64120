-- global-revocation: POST /global-token-revocation (Janssen; draft-parecki) of the pool's users in turn, by uid.
-- Arguments: threads=N pool=FILE (uids) auth=HEADER
local bench = require("common")
bench.install()

local nextUid
local headers

function init(args)
  local a = bench.args(args)
  nextUid = bench.cursor(bench.pool(a), "repeat")
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = a.auth }
end

function request()
  return wrk.format("POST", "/global-token-revocation", headers,
    '{"sub_id":{"format":"uid","id":"' .. nextUid() .. '"}}')
end

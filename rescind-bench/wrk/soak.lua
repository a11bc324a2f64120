-- soak: the memory soak's mix (docs/load-driver.md). Each thread repeats a cycle of five requests: issue a
-- client_credentials token (bench-soak, 60 s tokens), introspect its newest live token twice, revoke one (RFC 7009,
-- by the client that got it) and introspect a token it revoked LAG revocations ago. Responses are told apart by their
-- body.
-- Arguments: threads=N service=HEADER (issues and revokes) rs=HEADER (introspects)
local bench = require("common")
bench.install()

local KEEP = 1000 -- tokens remembered of each kind, newest last
-- A revocation still in flight on another connection would answer active:true: introspect one revoked this many
-- revocations (5 requests each) before, long answered.
local LAG = 50
local CYCLE = { "issue", "introspect", "introspect", "revoke", "introspect-revoked" }

local step = 0
local live = {}
local revoked = {}
local service
local rs

function init(args)
  local a = bench.args(args)
  service = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = a.service }
  rs = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = a.rs }
end

local function remember(list, token)
  table.insert(list, token)
  if #list > KEEP then table.remove(list, 1) end
end

local function issue()
  return wrk.format("POST", "/token", service, "grant_type=client_credentials&scope=api")
end

function request()
  step = step % #CYCLE + 1
  local kind = CYCLE[step]
  if kind == "introspect" and #live > 0 then
    return wrk.format("POST", "/introspect", rs, "token=" .. live[#live])
  elseif kind == "revoke" and #live > 0 then
    local token = table.remove(live)
    remember(revoked, token)
    return wrk.format("POST", "/oauth/revoke", service, "token=" .. token .. "&token_type_hint=access_token")
  elseif kind == "introspect-revoked" and #revoked > LAG then
    return wrk.format("POST", "/introspect", rs, "token=" .. revoked[#revoked - LAG])
  end
  return issue()
end

function response(status, headers, body)
  if status ~= 200 then return end
  local token = body:match('"access_token"%s*:%s*"([^"]+)"')
  if token then
    remember(live, token)
    bench.count("issued")
  elseif not bench.countIntrospection(body) then
    bench.count("revoked")
  end
end

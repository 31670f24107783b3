-- wrk script for Tessera's benchmark. Env: BENCH_METHOD, BENCH_BODY, BENCH_HEADERS (name: value|name: value),
-- BENCH_TOKENS (file of refresh tokens, one a line: every request spends one and returns its successor to the pool).
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local headers = {}
for pair in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end
local tokens_file = os.getenv("BENCH_TOKENS")
local pool = {}
local failed = 0

function init(args)
  if tokens_file then
    for line in io.lines(tokens_file) do
      if #line > 0 then table.insert(pool, line) end
    end
  end
end

function request()
  if tokens_file then
    local token = table.remove(pool, 1)
    if token == nil then token = "exhausted" end
    return wrk.format(method, nil, headers, '{"refresh_token":"' .. token .. '"}')
  end
  return wrk.format(method, nil, headers, body)
end

function response(status, hdrs, resp_body)
  if tokens_file then
    local token = string.match(resp_body, '"refresh_token":"([^"]+)"')
    if status == 200 and token then table.insert(pool, token) else failed = failed + 1 end
  end
end

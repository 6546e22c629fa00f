-- wrk script: sends the requests of the file $WRK_REQUESTS in turn, one per line as
-- METHOD<TAB>PATH[<TAB>JSON BODY], each thread from its own offset, with the header $WRK_HEADER
-- ("name: value"); at the end prints one line of JSON that scripts/bench/wrk.ts reads.
local header_name, header_value = os.getenv("WRK_HEADER"):match("^([^:]+):%s*(.*)$")
local requests = {}

-- Formatted in init(): wrk adds the Host header to wrk.headers only then.
local function load_requests()
  for line in io.lines(os.getenv("WRK_REQUESTS")) do
    local method, path, body = line:match("^(%u+)\t([^\t]+)\t?(.*)$")
    local headers = { [header_name] = header_value }
    if body == "" then
      body = nil
    else
      headers["content-type"] = "application/json"
    end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
end

local thread_number = 0
function setup(thread)
  thread:set("offset", thread_number * 7919)
  thread_number = thread_number + 1
end

local next_request = 0
function init(args)
  load_requests()
  next_request = offset or 0
end

function request()
  next_request = next_request + 1
  return requests[(next_request % #requests) + 1]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"bytes":%d,"p50Us":%d,"p99Us":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout, e.status))
end

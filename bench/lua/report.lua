-- Shared by every scenario: numbers each thread, and when wrk is done prints one line of JSON
-- that the harness reads (latencies in microseconds; `created` counts 201 answers).
local report = {}
local threads = {}

function report.setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

function report.done(summary, latency, _)
   local created = 0
   for _, thread in ipairs(threads) do
      created = created + (thread:get("created") or 0)
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx": %d, '
         .. '"p50_us": %d, "p99_us": %d, "created": %d}\n',
      summary.requests, summary.duration,
      errors.connect + errors.read + errors.write + errors.timeout, errors.status,
      latency:percentile(50), latency:percentile(99), created))
end

return report

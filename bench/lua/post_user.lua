-- POST /users with an address no other request uses: run tag, thread id and a counter
-- (wrk ... -- TAG). Counts the 201 answers in `created`, which report.done adds up.
local report = require("report")
setup, done = report.setup, report.done

local headers = { ["Content-Type"] = "application/json" }
local tag
local sent = 0
created = 0

function init(args)
   tag = assert(args[1], "usage: wrk -s post_user.lua URL -- TAG")
end

function request()
   sent = sent + 1
   local name = string.format("bench-%s-%d-%d", tag, id, sent)
   local body = string.format('{"username": "%s", "email": "%s@example.com"}', name, name)
   return wrk.format("POST", "/users", headers, body)
end

function response(status)
   if status == 201 then
      created = created + 1
   end
end

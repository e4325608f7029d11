-- GET /users/<id> with ids drawn uniformly from 1..N (wrk ... -- N).
local report = require("report")
setup, done = report.setup, report.done

local users

function init(args)
   users = assert(tonumber(args[1]), "usage: wrk -s get_user.lua URL -- USERS")
   math.randomseed(os.time() * 1000 + id)
end

function request()
   return wrk.format("GET", "/users/" .. math.random(users))
end

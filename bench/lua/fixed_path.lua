-- The same request every time: the URL given to wrk.
local report = require("report")
setup, done = report.setup, report.done

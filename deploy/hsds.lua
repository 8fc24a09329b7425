-- wrk script for /api/hsds/services read from the database: a page of 50 with a different modified_after each
-- time (seconds apart, all long past, so every service still matches), so no cache can answer and every
-- request filters and pages anew. Each wrk thread, and each run, takes its own seconds.
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local n = 0
local start = (os.time() * 100000) % 2419200  -- 28 days of seconds, a new stretch of them each run

request = function()
  n = n + 1
  local t = (start + n * 16 + (id or 0)) % 2419200
  local stamp = string.format("2001-01-%02dT%02d:%02d:%02d", 1 + math.floor(t / 86400), math.floor(t / 3600) % 24,
    math.floor(t / 60) % 60, t % 60)
  return wrk.format("GET", "/api/hsds/services?modified_after=" .. stamp)
end

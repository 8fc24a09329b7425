-- wrk script for /api/hsds/services read from the database: a page of 50 with a different modified_after each
-- time (seconds apart, all long past, so every service still matches), so no cache can answer and every
-- request filters and pages anew. Each wrk thread takes its own seconds.
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local n = 0
request = function()
  n = n + 1
  local t = n * 16 + (id or 0)
  local stamp = string.format("2001-01-%02dT%02d:%02d:%02d", 1 + math.floor(t / 86400) % 28, math.floor(t / 3600) % 24,
    math.floor(t / 60) % 60, t % 60)
  return wrk.format("GET", "/api/hsds/services?modified_after=" .. stamp)
end

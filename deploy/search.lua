-- wrk script for the uncached search page: a different query each time. Words, ZIP codes and distances vary,
-- and a cache-busting `_` parameter (ignored by the page) makes every address new, so no cache can answer.
-- Each wrk thread, and each run, takes its own numbers.
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local words = {"shelter", "legal", "food", "housing", "crisis", "youth", "medical", "interpreter", "job", "clinic"}
local zips = {"95814", "95817", "95820", "95823", "95630", "95660", "95670", "95811"}
local radii = {"5", "10", "25", "50", "100", ""}
local n = 0
local run = os.time()

init = function(args)
  math.randomseed(run * 16 + (id or 0))
end

request = function()
  n = n + 1
  local path = "/search/?q=" .. words[math.random(#words)] .. "&zip=" .. zips[math.random(#zips)]
    .. "&radius=" .. radii[math.random(#radii)] .. "&_=" .. run .. "-" .. (id or 0) .. "-" .. n
  return wrk.format("GET", path)
end

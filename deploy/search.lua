-- wrk script for the uncached search page: a different query each time, so the page cache cannot answer.
local words = {"shelter", "legal", "food", "housing", "crisis", "youth", "medical", "interpreter", "job", "clinic"}
local zips = {"95814", "95817", "95820", "95823", "95630", "95660", "95670", "95811"}
math.randomseed(os.time())
request = function()
  local path = "/search/?q=" .. words[math.random(#words)] .. "&zip=" .. zips[math.random(#zips)]
    .. "&radius=" .. math.random(1, 60)
  return wrk.format("GET", path)
end

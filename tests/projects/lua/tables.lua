-- tables, sorting, closures, metatables, coroutines, errors
local t = {}
for i = 1, 200 do t[i] = (i * 7919) % 211 end
table.sort(t) print(t[1], t[100], t[200], #t)
table.sort(t, function(a, b) return a > b end) print(t[1], t[200])
print(table.concat(table.move({1, 2, 3}, 1, 3, 2, {9}), " "), select("#", table.unpack({1, nil, 3}, 1, 3)))
local mt = {__add = function(a, b) return a.v + b.v end, __index = function(_, k) return k .. "!" end,
	__tostring = function(s) return "obj" .. s.v end, __len = function() return 99 end}
local a, b = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(a + b, a.missing, tostring(a), #a)
local function counter() local n = 0 return function() n = n + 1 return n end end
local c1, c2 = counter(), counter() c1() c1() print(c1(), c2())
local co = coroutine.wrap(function(x) for i = 1, 3 do x = coroutine.yield(x * i) end return "done" end)
print(co(10), co(20), co(30), co(40))
print(pcall(error, {code = 42}), select(2, pcall(error, "msg", 0)), select(2, pcall(function() local x = nil; return x.y end)))
print(xpcall(function() error("deep") end, function(m) return "handled: " .. m end))
local ok, e = pcall(string.rep, "x", -1) print(ok, e == "")
goto skip
print("not printed")
::skip::
local s = 0 for i = 10, 1, -3 do s = s + i end print(s)
print(next({}), rawlen({1, 2}), rawequal(t, t), type(print), #arg, arg[0] ~= nil)
local big = {} for i = 1, 100000 do big[i] = i end print(#big, collectgarbage("count") > 0)
print(string.format("%d", math.floor(3.7)), math.ceil(-3.5), math.abs(-2^63) == 2^63, math.ult(1, -1), math.fmod(7, -3))
print(os.time({year = 2020, month = 1, day = 1, hour = 12}) - os.time({year = 2020, month = 1, day = 1, hour = 0}))
print(os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365), type(os.clock()), os.getenv("UKCC_LUA_VAR"))
io.write("written with io.write\n")

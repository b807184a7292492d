-- io_os.lua: Lua's io and os libraries on the unikernel's files, printed so that the output
-- can be compared with the same Lua built natively and run on Linux: io.open modes and
-- errors, reads by format, seek, buffering, lines, tmpname/tmpfile, rename/remove, loadfile,
-- getenv, date/time, clock.
local function show(...) print(...) end
local function try(what, ...)
  local ok, a, b, c = pcall(...)
  -- error messages carry host paths natively: print only whether and how it failed
  if not ok then print(what, "error")
  elseif a == nil then print(what, "nil", type(b), type(c) == "number" and "errno" or c)
  else print(what, "ok") end
  return a
end

show("getenv PATH is a string", type(os.getenv("PATH")) == "string")
show("getenv unset", os.getenv("UKCC_SURELY_UNSET"))
try("open missing", io.open, "no/such/file")
try("open bad mode", io.open, "x", "rw")
try("open /a/b/c/d w", io.open, "/a/b/c/d", "w")

local file = os.tmpname()
local other = os.tmpname()
show("tmpname distinct", file ~= other)
local f = assert(io.open(file, "w"))
show("write chain", f:write("alo alo") == f)
show("seek cur", f:seek())
show("seek cur -3", f:seek("cur", -3))
f:write("joao")
show("seek end", f:seek("end"))
show("seek set", f:seek("set"))
f:write('"alo"', "{a}\n", "second line\n", "third line \n", "Xfourth_line")
f:close()
show("close twice", pcall(f.close, f))
show("tostring closed", tostring(f))

-- reading by formats
f = assert(io.open(file))
show("read 5", f:read(5))
show("read l", f:read("l"))
show("read L", f:read("L"))
local pos = f:seek()
show("read n (fails)", f:read("n"))
show("seek back", f:seek("set", pos))
show("read a", f:read("a"))
show("read at eof", f:read(0), f:read("l"), f:read("a"))
f:close()

-- numbers
f = assert(io.open(file, "w"))
f:write(math.maxinteger, "\n", "0xABCp-3\n", "-12.3-\t0x10 .5e1\n")
f:close()
f = assert(io.open(file))
show("numbers", f:read("n", "n", "n", 1, "n", "n"))
f:close()

-- lines
f = assert(io.open(file, "w"))
for i = 1, 5 do f:write("line ", i, "\n") end
f:close()
local n = 0
for l in io.lines(file) do n = n + 1 end
show("lines", n)
for a, b in io.lines(file, 5, "l") do show("lines 5,l", a, b) break end
local it = io.lines(file)
while it() do end
show("lines after end", pcall(it))

-- append, r+, w+
f = assert(io.open(file, "a"))
f:write("appended\n")
f:close()
f = assert(io.open(file, "r+"))
f:write("LINE")
f:seek("set")
show("r+", f:read("l"))
f:close()
f = assert(io.open(file, "w+"))
f:write("fresh")
f:seek("set")
show("w+", f:read("a"))
f:close()

-- buffering: a full buffer is not visible to another reader until flushed
local w = assert(io.open(file, "w"))
local r = assert(io.open(file, "r"))
w:setvbuf("full", 2000)
w:write("x")
show("buffered unseen", r:read("a"))
w:flush()
r:seek("set")
show("flushed seen", r:read("a"))
w:setvbuf("no")
w:write("y")
r:seek("set")
show("unbuffered seen", r:read("a"))
w:close(); r:close()

-- large file through the buffer
f = assert(io.open(file, "w"))
for i = 1, 5001 do f:write("0123456789123") end
f:close()
f = assert(io.open(file))
local x = f:read("a")
f:seek("set")
local y = f:read(30001) .. f:read(1005) .. f:read(0) .. f:read(1) .. f:read(100003)
show("large", #x, x == y)
f:close()

-- rename, remove
show("rename", os.rename(file, other))
show("rename again", select("#", os.rename(file, other)), (os.rename(file, other)))
show("remove", os.remove(other))
show("remove again", (os.remove(other)))
try("remove dir", os.remove, "/")

-- loadfile and dofile
f = assert(io.open(file, "w"))
f:write("return 6 * 7")
f:close()
show("loadfile", loadfile(file)())
show("dofile", dofile(file))
f = assert(io.open(file, "wb"))
f:write(string.dump(function() return "dumped" end))
f:close()
show("binary chunk", loadfile(file)())
show("binary as text", (loadfile(file, "t")))
os.remove(file)

-- tmpfile
local t = io.tmpfile()
t:write("tmp")
t:seek("set")
show("tmpfile", io.type(t), t:read("a"))
t:close()
show("io.type closed", io.type(t))

-- standard files
show("io.type stdout", io.type(io.stdout))
show("close stdout refused", io.stdout:close())
show("stdin seek", (io.stdin:seek("set", 10)))

-- date and time
show("date empty", os.date("") == "")
local now = os.time()
local d = os.date("*t", now)
show("time(date) round trip", os.time(d) == now)
show("date %Y >= 2024", tonumber(os.date("%Y", now)) >= 2024)
show("epoch", os.date("!%Y-%m-%d %H:%M:%S", 0))
show("fixed", os.date("!%c", 1000000000))
show("normalised", os.time({year = 2005, month = 1, day = 1, hour = 1, min = 0, sec = -3602}))
show("difftime", os.difftime(os.time{year=2000, month=10, day=1, hour=23, min=12},
                              os.time{year=2000, month=10, day=1, hour=23, min=10, sec=19}))
show("clock is a number", type(os.clock()) == "number" and os.clock() >= 0)
show("invalid conversion", pcall(os.date, "%"))
show("setlocale C", os.setlocale("C", "all"))

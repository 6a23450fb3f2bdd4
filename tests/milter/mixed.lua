-- mixed.lua: a private (free-mail) recipient beside an internal one: the
-- message is held for the external recipient only, which is removed from
-- the envelope; the internal one keeps it.
dofile(os.getenv("SG_LUA_DIR") .. "/common.lua")
local conn = sg.start()
sg.envelope(conn, "<taro@example.co.jp>", { "<someone@gmail.com>", "<hanako@example.co.jp>" })
local r = sg.message(conn, {
	{ "From", " taro@example.co.jp" }, { "To", " someone@gmail.com, hanako@example.co.jp" },
	{ "Subject", " files" } }, "for home\r\n")
if r ~= SMFIR_CONTINUE and r ~= SMFIR_ACCEPT then
	error("mixed mail not accepted for the internal recipient: " .. tostring(r))
end
if not mt.eom_check(conn, MT_RCPTDELETE, "<someone@gmail.com>") then
	error("the private recipient was not removed")
end
if mt.eom_check(conn, MT_RCPTDELETE, "<hanako@example.co.jp>") then
	error("the internal recipient was removed")
end
mt.disconnect(conn)

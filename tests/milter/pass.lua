-- pass.lua: clean internal mail is accepted unchanged at end of message.
dofile(os.getenv("SG_LUA_DIR") .. "/common.lua")
local conn = sg.start()
sg.envelope(conn, "<taro@example.co.jp>", { "<hanako@example.co.jp>" })
local r = sg.message(conn, {
	{ "From", " taro@example.co.jp" }, { "To", " hanako@example.co.jp" },
	{ "Subject", " minutes" } }, "see you next week\r\n")
if r ~= SMFIR_CONTINUE and r ~= SMFIR_ACCEPT then
	error("clean internal mail not accepted: " .. tostring(r))
end
if mt.eom_check(conn, MT_HDRCHANGE, "To") or mt.eom_check(conn, MT_RCPTDELETE, "<hanako@example.co.jp>") then
	error("clean mail was modified")
end
mt.disconnect(conn)

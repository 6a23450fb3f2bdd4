-- private.lua: only a private (free-mail) recipient: held, so discarded.
dofile(os.getenv("SG_LUA_DIR") .. "/common.lua")
local conn = sg.start()
sg.envelope(conn, "<taro@example.co.jp>", { "<someone@gmail.com>" })
local r = sg.message(conn, {
	{ "From", " taro@example.co.jp" }, { "To", " someone@gmail.com" },
	{ "Subject", " files" } }, "for home\r\n")
if r ~= SMFIR_DISCARD then
	error("held mail not discarded: " .. tostring(r))
end
mt.disconnect(conn)

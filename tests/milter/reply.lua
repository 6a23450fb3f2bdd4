-- reply.lua: mail to the release address goes to the hold workflow and is
-- discarded (it never reaches a mailbox), even from an external sender.
dofile(os.getenv("SG_LUA_DIR") .. "/common.lua")
local conn = sg.start()
sg.envelope(conn, "<sato@partner.example.com>", { "<sendguard-release@example.co.jp>" })
local r = sg.message(conn, {
	{ "From", " sato@partner.example.com" }, { "To", " sendguard-release@example.co.jp" },
	{ "Subject", " Re: held" } }, "release\r\n")
if r ~= SMFIR_DISCARD then
	error("reply to the release address not discarded: " .. tostring(r))
end
mt.disconnect(conn)

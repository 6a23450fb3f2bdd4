-- bcc.lua: bulk-external mail with bulk_action=bcc (run.sh's config): To is
-- rewritten, Cc deleted, nobody removed from the envelope.
dofile(os.getenv("SG_LUA_DIR") .. "/common.lua")
local conn = sg.start()
local rcpts = { "<a@partner.example.com>", "<b@partner.example.com>", "<c@vendor.example.net>",
	"<d@vendor.example.net>", "<e@client.example.org>", "<f@client.example.org>" }
sg.envelope(conn, "<taro@example.co.jp>", rcpts)
local r = sg.message(conn, {
	{ "From", " taro@example.co.jp" },
	{ "To", " a@partner.example.com, b@partner.example.com, c@vendor.example.net,\r\n d@vendor.example.net, e@client.example.org" },
	{ "Cc", " f@client.example.org" }, { "Subject", " seminar" } }, "invitation\r\n")
if r ~= SMFIR_CONTINUE and r ~= SMFIR_ACCEPT then
	error("bcc mail not accepted: " .. tostring(r))
end
if not mt.eom_check(conn, MT_HDRCHANGE, "To") then
	error("To not rewritten")
end
if not mt.eom_check(conn, MT_HDRDELETE, "Cc") then
	error("Cc not deleted")
end
if mt.eom_check(conn, MT_RCPTDELETE, "<a@partner.example.com>") then
	error("a recipient was removed")
end
mt.disconnect(conn)

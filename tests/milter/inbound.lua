-- inbound.lua: mail from outside is accepted at DATA, not inspected.
dofile(os.getenv("SG_LUA_DIR") .. "/common.lua")
local conn = sg.start()
sg.envelope(conn, "<sato@partner.example.com>", { "<taro@example.co.jp>" })
if mt.data(conn) ~= nil then
	error("data failed")
end
if mt.getreply(conn) ~= SMFIR_ACCEPT then
	error("inbound mail not accepted at DATA")
end
mt.disconnect(conn)

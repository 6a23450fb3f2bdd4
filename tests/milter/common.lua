-- common.lua - shared set-up for the miltertest scripts: starts
-- sendguard-milter with the config written by run.sh and connects to it.
-- Environment (from run.sh): SG_MILTER, SG_CONF, SG_SOCK.
sg = {}

function sg.start()
	local pid = mt.startfilter(os.getenv("SG_MILTER"), "-f", "-c", os.getenv("SG_CONF"))
	local conn = mt.connect("unix:" .. os.getenv("SG_SOCK"), 50, 0.1)
	if conn == nil then
		error("cannot connect to sendguard-milter")
	end
	return conn
end

-- connect + helo + envelope; returns the connection
function sg.envelope(conn, from, rcpts)
	if mt.conninfo(conn, "client.test", "127.0.0.1") ~= nil then
		error("conninfo failed")
	end
	if mt.getreply(conn) ~= SMFIR_CONTINUE then
		error("connect not continued")
	end
	mt.macro(conn, SMFIC_MAIL, "i", "TESTQID1")
	if mt.mailfrom(conn, from) ~= nil then
		error("mailfrom failed")
	end
	if mt.getreply(conn) ~= SMFIR_CONTINUE then
		error("mailfrom not continued")
	end
	for _, r in ipairs(rcpts) do
		if mt.rcptto(conn, r) ~= nil then
			error("rcptto failed")
		end
		if mt.getreply(conn) ~= SMFIR_CONTINUE then
			error("rcptto not continued: " .. r)
		end
	end
end

-- headers (list of {name, value}) + body; returns the eom reply
function sg.message(conn, headers, body)
	if mt.data(conn) ~= nil then
		error("data failed")
	end
	local r = mt.getreply(conn)
	if r ~= SMFIR_CONTINUE then
		return r
	end
	for _, h in ipairs(headers) do
		if mt.header(conn, h[1], h[2]) ~= nil then
			error("header failed")
		end
	end
	if mt.eoh(conn) ~= nil then
		error("eoh failed")
	end
	if mt.bodystring(conn, body) ~= nil then
		error("body failed")
	end
	if mt.eom(conn) ~= nil then
		error("eom failed")
	end
	return mt.getreply(conn)
end

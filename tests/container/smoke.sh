#!/usr/bin/env bash
# Builds the repository's Dockerfile and proves the image works: started with --demo (the simulated dryAPI
# in-process) on a published loopback port, it answers /healthz and /readyz, MCP initialize, tools/list (47 tools) and
# a get_balance call with the demo key, and its process does not run as root. It runs as a deployment should: read-only
# root file system with no tmpfs anywhere (--read-only; podman's --read-only-tmpfs=false makes it match Docker's), all
# capabilities dropped, no-new-privileges; a job with an upload larger than ASP.NET's 64 KB in-memory form buffer
# still runs, so nothing needs a writable directory, and its result carries a JPEG preview (SkiaSharp's native library
# loads in the image). Then SIGTERM (podman stop) with a job call in flight: the call
# answers with its request_id and the server exits with code 0 before the 10-second kill. Last, the listening port
# follows the official images' convention: started with -e ASPNETCORE_HTTP_PORTS=9090, or -e ASPNETCORE_URLS=http://+:9091,
# the server answers on that port and not on 8080.
#
# No container registry is reachable here, so ../shared/tools/container-standins.sh (override with CONTAINER_STANDINS)
# installs podman and makes local stand-ins carrying the official image names; the Dockerfile builds unchanged.
# Needs root (it installs podman with apt), curl and node.
#
# The last line is "container: N passed, N failed"; a step that could not run (setup, build, start-up) counts as one
# failure. It removes the containers it started and keeps the image (tag dryapi-mcp:smoke), so the next build reuses
# its layers. Usage: bash tests/container/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

readonly standins=${CONTAINER_STANDINS:-../shared/tools/container-standins.sh}
readonly image=dryapi-mcp:smoke
readonly container=dryapi-mcp-smoke-$$
readonly out=.ci/work/container
readonly demo_key='1|simulator-demo-key'
readonly expected_tools=47
readonly client_name=container-smoke

passed=0
failed=0
completed=false
started=false
port_containers=()

podman() { bash "$standins" podman "$@"; }

finish() {
  local status=$?
  if [ "$started" = true ]; then
    podman logs "$container" > "$out/server.log" 2>&1 || true
    podman rm -f "$container" > /dev/null 2>&1 || true
  fi
  for name in "${port_containers[@]}"; do
    podman logs "$name" > "$out/${name#"$container"-}.log" 2>&1 || true
    podman rm -f "$name" > /dev/null 2>&1 || true
  done
  if [ "$completed" != true ]; then
    echo "container: stopped early (exit ${status}); logs are in ${out}/" >&2
    failed=$((failed + 1))
  fi
  echo "container: ${passed} passed, ${failed} failed"
  if [ "$failed" -gt 0 ]; then exit 1; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

# shellcheck source=tests/lib/checks.sh
source tests/lib/checks.sh
# shellcheck source=tests/lib/mcp.sh
source tests/lib/mcp.sh

mkdir -p "$out"
for tool in curl node; do
  command -v "$tool" > /dev/null || { echo "container: ${tool} is required" >&2; exit 1; }
done

echo "Container stand-ins and podman (${standins} setup)"
bash "$standins" setup

echo "Building ${image}"
build_started=$SECONDS
previous_image=$(podman image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
podman build --pull=never --network host --build-arg "TARGETARCH=$(podman info --format '{{.Host.Arch}}')" -t "$image" . \
  > "$out/build.log" 2>&1 ||
  { tail -n 30 "$out/build.log" >&2; exit 1; }
echo "Built in $((SECONDS - build_started)) s"
# The previous build's image is untagged now; remove it so repeated runs do not fill the disk.
if [ -n "$previous_image" ] && [ "$previous_image" != "$(podman image inspect -f '{{.Id}}' "$image")" ]; then
  podman rmi "$previous_image" > /dev/null 2>&1 || true
fi

podman run -d --name "$container" --read-only --read-only-tmpfs=false --cap-drop=ALL --security-opt no-new-privileges \
  -p 127.0.0.1::8080 "$image" --demo > /dev/null
started=true
base_url="http://$(podman port "$container" 8080/tcp | head -n 1)"
echo "Started ${container} at ${base_url}"

for _ in $(seq 1 60); do
  [ "$(status_of "$base_url/healthz")" = 200 ] && break
  podman container exists "$container" && [ "$(podman inspect -f '{{.State.Running}}' "$container")" = true ] ||
    { podman logs "$container" >&2 || true; exit 1; }
  sleep 1
done

# A job whose upload (a 300x300 PNG of noise, about 270 KB) is larger than ASP.NET's in-memory form buffer: on a
# read-only file system it fails if anything in the path buffers to a temporary file.
upscales_a_large_upload() {
  node -e 'const zlib = require("zlib"), crypto = require("crypto"), size = 300;
    const rows = Buffer.concat(Array.from({ length: size }, () => Buffer.concat([Buffer.from([0]), crypto.randomBytes(size * 3)])));
    const crc = (buffer) => { let c = ~0; for (const byte of buffer) { c ^= byte; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); } return ~c >>> 0; };
    const chunk = (type, data) => { const head = Buffer.alloc(4), tail = Buffer.alloc(4), body = Buffer.concat([Buffer.from(type), data]);
      head.writeUInt32BE(data.length); tail.writeUInt32BE(crc(body)); return Buffer.concat([head, body, tail]); };
    const header = Buffer.alloc(13); header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4); header[8] = 8; header[9] = 2;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header),
      chunk("IDAT", zlib.deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
    process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: 4, method: "tools/call",
      params: { name: "image_upscale", arguments: { image: png.toString("base64"), model: "RealESRGAN_x4plus" } } }));' \
    > "$out/upscale-request.json" &&
    [ "$(stat -c %s "$out/upscale-request.json")" -gt 200000 ] &&
    mcp "@$out/upscale-request.json" upscale &&
    answer_holds upscale 'm.result.isError !== true && m.result.structuredContent.status === "done" && !!m.result.structuredContent.result_url'
}

# The upscale's result carries a downscaled JPEG preview as image content: SkiaSharp's native library loads in the image.
previews_the_image_result() {
  answer_holds upscale 'm.result.content.some(c => c.type === "image" && c.mimeType === "image/jpeg"
    && Buffer.from(c.data, "base64").subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])))'
}

# The container's file system takes no writes anywhere (root, the app, temp, home), and podman reports it read-only.
writes_nowhere() {
  [ "$(podman inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$container")" = true ] &&
    podman exec "$container" sh -c 'for dir in / /app /tmp /var/tmp "$HOME"; do touch "$dir/.probe" 2> /dev/null && exit 1; done; exit 0'
}

# SIGTERM (podman stop sends it, then SIGKILL after 10 s, as docker stop does) while a video job call waits: the call
# answers with its request_id, and the server exits with code 0 before the kill (the drain is bounded by
# Mcp:ShutdownTimeout, 5 s).
stops_on_sigterm_answering_the_call_in_flight() {
  local call started
  mcp '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"text_to_video","arguments":{"prompt":"waves at dusk","model":"Ltx2_19B_Dist_FP8","width":768,"height":768,"guidance":1,"steps":8,"frames":49,"fps":24,"seed":1}}}' video-at-stop &
  call=$!
  sleep 2
  started=$SECONDS
  podman stop -t 10 "$container" > /dev/null &&
    wait "$call" &&
    [ "$(podman inspect -f '{{.State.ExitCode}}' "$container")" = 0 ] &&
    [ $((SECONDS - started)) -lt 10 ] &&
    answer_holds video-at-stop \
      'm.result.isError !== true && /^[0-9a-f-]{36}$/.test(m.result.structuredContent.request_id) && m.result.content[0].text.includes("restarting")'
}

# Starts another --demo container with the podman run options given, publishing 8080 and <port> on loopback, and succeeds
# when /healthz answers 200 on <port> while 8080 takes no connection. Usage: listens_only_on <port> <option>...
listens_only_on() {
  local port=$1 name="${container}-port-$1" on_port on_8080
  shift
  port_containers+=("$name")
  podman run -d --name "$name" -p 127.0.0.1::8080 -p "127.0.0.1::${port}" "$@" "$image" --demo > /dev/null || return 1
  on_port="http://$(podman port "$name" "${port}/tcp" | head -n 1)"
  on_8080="http://$(podman port "$name" 8080/tcp | head -n 1)"
  # Up once either port answers; the wait ends early when the server listens on 8080 instead.
  for _ in $(seq 1 60); do
    [ "$(status_of "$on_port/healthz")" = 200 ] || [ "$(status_of "$on_8080/healthz")" != 000 ] && break
    [ "$(podman inspect -f '{{.State.Running}}' "$name")" = true ] || return 1
    sleep 1
  done
  [ "$(status_of "$on_port/healthz")" = 200 ] && [ "$(status_of "$on_8080/healthz")" = 000 ]
}

runs_as_non_root() {
  local uid user
  uid=$(podman exec "$container" id -u) && user=$(podman image inspect -f '{{.Config.User}}' "$image") &&
    [ -n "$uid" ] && [ "$uid" != 0 ] && [ -n "$user" ] && [ "$user" != 0 ] && [ "$user" != root ]
}

check "/healthz answers 200 on port 8080 (the image's default) through the published port" test "$(status_of "$base_url/healthz")" = 200
check "/readyz answers 200 (the demo's dryAPI is reachable)" test "$(status_of "$base_url/readyz")" = 200
check "MCP initialize negotiates 2025-06-18" initializes
check "tools/list: ${expected_tools} tools" lists_every_tool
check "get_balance returns the demo account's balance" reads_the_balance
check "the server runs as a non-root user (image User set, id -u not 0)" runs_as_non_root
check "the root file system is read-only: nothing can be written in /, /app, /tmp or \$HOME" writes_nowhere
check "image_upscale with a 270 KB upload runs on the read-only file system" upscales_a_large_upload
check "the upscaled image's result carries a JPEG preview (SkiaSharp loads in the image)" previews_the_image_result
check "SIGTERM (podman stop) with a job call in flight: it answers with its request_id; exit code 0 within 10 s" \
  stops_on_sigterm_answering_the_call_in_flight
check "-e ASPNETCORE_HTTP_PORTS=9090: it answers on 9090, not on 8080" listens_only_on 9090 -e ASPNETCORE_HTTP_PORTS=9090
check "-e ASPNETCORE_URLS=http://+:9091: it answers on 9091, not on 8080" listens_only_on 9091 -e ASPNETCORE_URLS=http://+:9091
completed=true

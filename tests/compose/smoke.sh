#!/usr/bin/env bash
# Runs deploy/compose (three replicas behind haproxy, Redis as the backplane) with compose.simulator.yaml (the dryAPI
# simulator instead of the real dryAPI) under podman-compose, and proves through haproxy's published loopback port:
# /healthz and /readyz, MCP initialize, tools/list (47 tools), get_balance and a job call that completes; that haproxy
# spreads requests round-robin over all three replicas with no affinity (its X-Served-By header names the replica);
# that an identical job call landing on another replica gets the first call's job (the backplane in Redis); and that
# with Redis stopped calls still work on every replica and /readyz reports the backplane's detail degraded.
#
# No container registry is reachable here: tests/compose/standins.sh makes local stand-ins for the official redis and
# haproxy images (and ../shared/tools/container-standins.sh those of .NET); podman-compose is installed with apt if
# missing. Needs root, curl and node.
#
# The last line is "compose: N passed, N failed"; a step that could not run (setup, build, start-up) counts as one
# failure. The stack is always taken down; the images are kept, so the next run reuses them.
# Usage: bash tests/compose/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

readonly standins=${CONTAINER_STANDINS:-../shared/tools/container-standins.sh}
readonly image=localhost/dryapi-mcp:compose-smoke
readonly project=dryapi-compose-smoke
readonly out=.ci/work/compose
readonly demo_key='1|simulator-demo-key'
readonly expected_tools=47
readonly client_name=compose-smoke
readonly replicas=(mcp-1 mcp-2 mcp-3)

passed=0
failed=0
completed=false
started=false

podman() { bash "$standins" podman "$@"; }
compose() {
  podman-compose --podman-path "$out/podman" -p "$project" \
    -f deploy/compose/compose.yaml -f deploy/compose/compose.simulator.yaml "$@"
}

finish() {
  local status=$?
  if [ "$started" = true ]; then
    for name in "${replicas[@]}" haproxy redis simulator; do
      podman logs "${project}_${name}_1" > "$out/${name}.log" 2>&1 || true
    done
    compose down -t 10 > "$out/down.log" 2>&1 || true
    podman network rm -f "${project}_default" > /dev/null 2>&1 || true
  fi
  if [ "$completed" != true ]; then
    echo "compose: stopped early (exit ${status}); logs are in ${out}/" >&2
    failed=$((failed + 1))
  fi
  echo "compose: ${passed} passed, ${failed} failed"
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
  command -v "$tool" > /dev/null || { echo "compose: ${tool} is required" >&2; exit 1; }
done
if ! command -v podman-compose > /dev/null; then
  echo "Installing podman-compose with apt-get"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman-compose; } > "$out/apt.log" 2>&1 ||
    { tail -n 20 "$out/apt.log" >&2; exit 1; }
fi
# podman-compose runs this podman: the one container-standins.sh sets up (its runtime and flags).
printf '#!/bin/sh\nexec bash %q podman "$@"\n' "$(readlink -f "$standins")" > "$out/podman"
chmod +x "$out/podman"

echo "Image stand-ins (tests/compose/standins.sh)"
bash tests/compose/standins.sh > "$out/standins.log" 2>&1 || { tail -n 30 "$out/standins.log" >&2; exit 1; }

echo "Building ${image}"
build_started=$SECONDS
previous_image=$(podman image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
podman build --pull=never --network host --build-arg "TARGETARCH=$(podman info --format '{{.Host.Arch}}')" -t "$image" . \
  > "$out/build.log" 2>&1 ||
  { tail -n 30 "$out/build.log" >&2; exit 1; }
echo "Built in $((SECONDS - build_started)) s"
if [ -n "$previous_image" ] && [ "$previous_image" != "$(podman image inspect -f '{{.Id}}' "$image")" ]; then
  podman rmi "$previous_image" > /dev/null 2>&1 || true
fi

port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
readonly base_url="http://127.0.0.1:${port}"
export DRYAPI_MCP_IMAGE=$image DRYAPI_MCP_PORT=$port
DRYAPI_MCP_SEALING_KEY=$(node -p 'require("crypto").randomBytes(32).toString("base64")')
export DRYAPI_MCP_SEALING_KEY

# Left over from a run that was killed before its teardown.
compose down -t 1 > /dev/null 2>&1 || true
started=true
up_started=$SECONDS
# podman-compose prints the podman commands it runs, the sealing key among their -e options: masked in the log.
compose up -d --no-build 2>&1 | sed "s|${DRYAPI_MCP_SEALING_KEY}|***|g" > "$out/up.log" ||
  { tail -n 30 "$out/up.log" >&2; exit 1; }

# The replica that answered a GET, from haproxy's X-Served-By header.
served_by() { curl -s -o /dev/null -D - --max-time 5 "$1" | served_by_header; }

# Up once haproxy has seen all three replicas pass their health checks: /healthz answered by each.
seen=""
for _ in $(seq 1 90); do
  seen=$(for _ in 1 2 3 4 5 6; do served_by "$base_url/healthz"; done | sort -u | tr '\n' ' ')
  [ "$seen" = "mcp-1 mcp-2 mcp-3 " ] && break
  sleep 1
done
[ "$seen" = "mcp-1 mcp-2 mcp-3 " ] || { echo "Only [${seen}] answered through haproxy; see ${out}/" >&2; exit 1; }
# Ready once every replica's /readyz has seen the simulator answer: its first answers, cold on two busy cores, can
# take longer than the 3 s the check allows. A replica still not ready after 30 s fails the /readyz check below.
for _ in $(seq 1 30); do
  ready=$(for _ in 1 2 3; do status_of "$base_url/readyz"; done | sort -u | tr '\n' ' ')
  [ "$ready" = "200 " ] && break
  sleep 1
done
echo "Up in $((SECONDS - up_started)) s at ${base_url}"

# A paid job (an image, about 3 s in the simulator) submitted, waited for and returned done with its result link.
completes_a_job() {
  local name=${1:-job}
  mcp "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"text_to_image\",\"arguments\":{\"prompt\":\"a lighthouse at dusk, ${name}\"}}}" "$name" &&
    answer_holds "$name" 'm.result.isError !== true && m.result.structuredContent.status === "done"
      && /^[0-9a-f-]{36}$/.test(m.result.structuredContent.request_id) && !!m.result.structuredContent.result_url'
}

# Six tools/list calls from one client in a row: each replica answers exactly two, never twice in a row (round-robin,
# no affinity to the client, its key or its connection).
spreads_round_robin() {
  local order=()
  for i in 1 2 3 4 5 6; do
    mcp '{"jsonrpc":"2.0","id":5,"method":"tools/list"}' "spread-$i" || return 1
    order+=("$(cat "$out/spread-$i.server")")
  done
  echo "        served by: ${order[*]}"
  [ "$(printf '%s\n' "${order[@]}" | sort | uniq -c | awk '{print $1}' | tr -d '\n')" = 222 ] &&
    [ "${order[0]}" != "${order[1]}" ] && [ "${order[1]}" != "${order[2]}" ] && [ "${order[2]}" != "${order[0]}" ] &&
    [ "${order[*]:0:3}" = "${order[*]:3:3}" ]
}

# With Redis stopped: get_balance three times in a row (so on each replica) and a job call still succeed.
works_on_every_replica_without_redis() {
  local servers=()
  for i in 1 2 3; do
    reads_the_balance "no-redis-balance-$i" || return 1
    servers+=("$(cat "$out/no-redis-balance-$i.server")")
  done
  echo "        served by: ${servers[*]}"
  [ "$(printf '%s\n' "${servers[@]}" | sort -u | tr '\n' ' ')" = "mcp-1 mcp-2 mcp-3 " ]
}

# The same paid call twice in a row (so on two replicas): the second returns the first one's job instead of
# submitting again, because the replicas share duplicate-call protection through Redis.
shares_a_retried_job_across_replicas() {
  local body='{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"text_to_image","arguments":{"prompt":"a harbour in fog"}}}'
  local first_id
  mcp "$body" retry-first && mcp "$body" retry-second || return 1
  echo "        served by: $(cat "$out/retry-first.server") $(cat "$out/retry-second.server")"
  first_id=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).result.structuredContent.request_id' \
    "$out/retry-first.json") || return 1
  [ "$(cat "$out/retry-first.server")" != "$(cat "$out/retry-second.server")" ] &&
    answer_holds retry-second "m.result.isError !== true && m.result.structuredContent.request_id === '${first_id}'"
}

# Each replica's container: read-only root file system, every capability dropped, and a process that is not root.
replicas_are_locked_down() {
  local container
  for name in "${replicas[@]}"; do
    container="${project}_${name}_1"
    [ "$(podman inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$container")" = true ] &&
      [ "$(podman inspect -f '{{.EffectiveCaps}}' "$container")" = '[]' ] &&
      [ "$(podman exec "$container" id -u)" != 0 ] || return 1
  done
}

# Redis keeps nothing on disk: no RDB snapshots (save is empty), no append-only file.
redis_persists_nothing() {
  local redis="${project}_redis_1"
  [ "$(podman exec "$redis" redis-cli config get save | tr '\n' ,)" = "save,," ] &&
    [ "$(podman exec "$redis" redis-cli config get appendonly | tr '\n' ,)" = "appendonly,no," ]
}

# /readyz (kept as <name>) answers with the HTTP status given, dryAPI (the simulator) reachable and the backplane's
# detail in the status given.
readyz_reports_backplane() {
  local name=$1 code=$2 status=$3
  curl -s --max-time 10 -o "$out/$name.json" -w '%{http_code}' "$base_url/readyz" > "$out/$name.code" &&
    [ "$(cat "$out/$name.code")" = "$code" ] &&
    answer_holds "$name" "m.checks.dryapi.status === 'Healthy' && m.checks.backplane.status === '${status}'"
}

readyz_is_ready_with_redis() { readyz_reports_backplane readyz-with-redis 200 Healthy; }
readyz_degrades_without_redis() { readyz_reports_backplane readyz-without-redis 200 Degraded; }

check "/healthz answers 200 through haproxy" test "$(status_of "$base_url/healthz")" = 200
check "/readyz answers 200, the simulated dryAPI reachable and the backplane healthy (Redis up)" readyz_is_ready_with_redis
check "MCP initialize negotiates 2025-06-18" initializes
check "tools/list: ${expected_tools} tools" lists_every_tool
check "get_balance returns the demo account's balance" reads_the_balance
check "text_to_image: the job is submitted, waited for and returned done" completes_a_job job
check "haproxy spreads six calls round-robin over the three replicas, two each" spreads_round_robin
check "an identical job call on another replica returns the first call's job (shared through Redis)" \
  shares_a_retried_job_across_replicas
check "the replicas run read-only, with no capabilities, as a non-root user" replicas_are_locked_down
check "Redis runs without persistence (save \"\", appendonly no)" redis_persists_nothing

podman stop -t 2 "${project}_redis_1" > /dev/null
echo "  (Redis stopped)"
check "without Redis: get_balance still answers on each of the three replicas" works_on_every_replica_without_redis
check "without Redis: a job call still completes" completes_a_job job-without-redis
check "without Redis: /readyz reports the backplane degraded, still 200 (calls work)" readyz_degrades_without_redis
completed=true

#!/usr/bin/env bash
# Benchmarks (docs/benchmarks.md): builds Release, publishes the server (framework-dependent and ReadyToRun) and the
# simulator, installs the peer (@modelcontextprotocol/server-everything, pinned) with npm, then runs every section.
# Each section starts what it needs as separate processes on loopback and stops them; tables go to standard output,
# progress to standard error. Usage: bench/run.sh [all|overhead|waiting|polling|coldstart|long-jobs|basic-tier|webhooks|scale] [--seconds N]
# [--waits N]: the scale section's concurrent calls (default 10000; e.g. 500 for a quick check). The scale section needs
# Debian's haproxy and redis-server, installed with apt-get (as root or through sudo) when missing. [--gc server]: the scale
# section's servers on the server garbage collector (the web SDK's default) instead of the one they ship with.
# [--baseline <git ref>]: also publishes the server at that commit (from a temporary worktree) and measures it beside
# this build in the same run (sections overhead and coldstart), with each figure's ratio to it.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}
shift || true
baseline=
bench_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baseline=${2:?--baseline needs a git ref, such as HEAD~1}; shift 2 ;;
    *) bench_args+=("$1"); shift ;;
  esac
done
peer_version=2026.8.31
work=bench/.work
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { echo "== $*" >&2; }
quiet() { "$@" >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; exit 1; }; }

mkdir -p "$work"
if [ "$what" = scale ] || [ "$what" = all ]; then
  missing=()
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]} with apt-get"
    as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
    quiet as_root apt-get update -qq
    quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
fi
step "publishing the server (framework-dependent and ReadyToRun), the simulator, the benchmarks and the allocation probe (Release)"
quiet dotnet publish src/DryApi.Mcp -c Release -o "$work/server"
quiet dotnet publish src/DryApi.Mcp -c Release --arch x64 --self-contained false -p:PublishReadyToRun=true -o "$work/server-r2r"
quiet dotnet publish src/DryApi.Simulator -c Release -o "$work/simulator"
quiet dotnet build bench/DryApi.Mcp.Bench -c Release -o "$work/bench"
quiet dotnet build bench/AllocationProbe -c Release -o "$work/allocation-probe"

if [ -n "$baseline" ]; then
  baseline_name=$(git rev-parse --short "$baseline^{commit}")
  step "publishing the baseline server at $baseline ($baseline_name) from a temporary worktree"
  git worktree remove --force "$work/baseline-src" 2>/dev/null || rm -rf "$work/baseline-src"
  git worktree add --detach "$work/baseline-src" "$baseline_name" >/dev/null 2>&1
  trap 'git worktree remove --force "$work/baseline-src" 2>/dev/null || true' EXIT
  rm -rf "$work/baseline-server" "$work/baseline-server-r2r"
  quiet dotnet publish "$work/baseline-src/src/DryApi.Mcp" -c Release -o "$work/baseline-server"
  quiet dotnet publish "$work/baseline-src/src/DryApi.Mcp" -c Release --arch x64 --self-contained false -p:PublishReadyToRun=true -o "$work/baseline-server-r2r"
  bench_args+=(--baseline-name "$baseline_name" --baseline-server "$work/baseline-server" --baseline-server-r2r "$work/baseline-server-r2r")
fi

peer="$work/peer/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
if [ ! -f "$peer" ] || ! grep -q "\"version\": \"$peer_version\"" "$work/peer/node_modules/@modelcontextprotocol/server-everything/package.json"; then
  step "installing the peer, @modelcontextprotocol/server-everything@$peer_version"
  mkdir -p "$work/peer"
  (cd "$work/peer" && [ -f package.json ] || echo '{"private":true}' > package.json)
  quiet npm install --prefix "$work/peer" --no-audit --no-fund --loglevel=error "@modelcontextprotocol/server-everything@$peer_version"
fi

echo "## Machine"
echo
echo "- $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/^Mem:/ { print $2 }') GB memory"
echo "- .NET SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }'); Node $(node --version); peer server-everything $peer_version"
echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$baseline" ]; then echo "- baseline: $baseline ($baseline_name), measured beside this build ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with uncommitted changes'))"; fi
echo

dotnet "$work/bench/DryApi.Mcp.Bench.dll" "$what" --server "$work/server" --server-r2r "$work/server-r2r" \
  --simulator "$work/simulator" --peer "$peer" --allocation-probe "$work/allocation-probe/AllocationProbe.dll" --work "$work/logs" ${bench_args[@]+"${bench_args[@]}"}

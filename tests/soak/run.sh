#!/usr/bin/env bash
# The long soak: the load test tests/DryApi.Mcp.Tests/Load/LoadTests.cs (200 MCP clients, each with its own key,
# calling a mix of tools through the real server over HTTP against the simulator) run for MINUTES minutes instead of
# CI's 2, then its figures: calls per tool, protocol errors, cross-key leaks, memory at the end of every minute.
#
# Usage: bash tests/soak/run.sh [MINUTES]   (default 30; DRYAPI_LOAD_CLIENTS=N changes the number of clients)
# The whole test output is kept in .ci/work/soak.log; the exit status is the test's.
set -uo pipefail
cd "$(dirname "$0")/../.."

readonly minutes=${1:-30}
readonly log=.ci/work/soak.log
if ! [[ $minutes =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  echo "Usage: bash tests/soak/run.sh [MINUTES]  (a positive number, default 30)" >&2
  exit 2
fi

mkdir -p .ci/work
echo "soak: ${DRYAPI_LOAD_CLIENTS:-200} clients for ${minutes} minutes; output in ${log}"
DRYAPI_LOAD_MINUTES=$minutes dotnet test tests/DryApi.Mcp.Tests --filter "FullyQualifiedName~DryApi.Mcp.Tests.Load." \
  --logger "console;verbosity=detailed" >"$log" 2>&1
status=$?

# The test prints its figures as "load: ..." lines (twice when it fails: in the failure and in its output).
sed -nE 's/^.*(load: .*)$/\1/p' "$log" | awk '!seen[$0]++'
if [ "$status" -ne 0 ]; then
  grep -E '^\s+(Failed|Error Message:)|Assert' "$log" | head -n 20
  echo "soak: FAILED (exit ${status})"
else
  echo "soak: passed"
fi
exit "$status"

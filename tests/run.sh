#!/usr/bin/env bash
# Every test of the solution (README's test command; .ci/run runs it first). The browser tests need Debian's chromium
# and the MCP Apps host bundle (ext-apps' AppBridge from npm, pinned by its lockfile); the cross-replica tests need
# Debian's redis-server and haproxy, which they start themselves. This installs what is missing (with apt-get, as root
# or through sudo), builds the bundle, then runs `dotnet test` with any arguments given. Without them those tests fail
# saying what is missing; they never skip.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .ci/work

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_debian_packages() {
  echo "Installing $* with apt-get (log: .ci/work/apt-install.log)."
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >> .ci/work/apt-install.log 2>&1 \
    || echo "Installing $* failed (see .ci/work/apt-install.log); the tests that need them will fail." >&2
}

missing=()
[ -x "${DRYAPI_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v npm > /dev/null 2>&1 || missing+=(nodejs npm)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)
[ ${#missing[@]} -eq 0 ] || install_debian_packages "${missing[@]}"

(cd tests/DryApi.Mcp.BrowserTests/AppsHost && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build) \
  || echo "Building the MCP Apps host bundle failed; the browser tests will fail." >&2

# One test project at a time: the browser tests' chromium would otherwise take the CPU from the timing-sensitive
# hostile and load tests of DryApi.Mcp.Tests running beside it (a 2-core machine).
dotnet test -maxcpucount:1 "$@"

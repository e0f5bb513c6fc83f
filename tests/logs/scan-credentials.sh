#!/usr/bin/env bash
# Scans the logs of every suite for a credential in the clear: the output of dotnet test, the conformance suite and
# Inspector runs (with the server, proxy and OAuth logs they keep) and the container build and server logs, i.e. every
# *.log and *.stderr file up to two levels under each directory given (default: .ci/work). It looks for the shapes the
# server's log redaction masks (src/DryApi.Mcp/Logging/SecretRedactor.cs), so a finding is a leak that got past it:
# dryAPI keys (<digits>|<secret>), Bearer credentials, Authorization values, JWTs and sealed OAuth tokens (JWE), and
# token, code_verifier, client_secret and api_key fields. Public values are allowed: the demo key 1|simulator-demo-key
# and OAuth client ids (sealed, but not secret). A finding prints where it is, never the value.
#
# The last line is "log scan: N files, N lines, N credentials"; the exit status is 1 when any credential is found.
# Usage: bash tests/logs/scan-credentials.sh [DIR...]
set -uo pipefail
cd "$(dirname "$0")/../.."

readonly credential='\beyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2,4}'\
'|\b\d{1,12}\|[A-Za-z0-9][^\s"'"'"'|,;&<>()\[\]{}]{5,}'\
'|(?i)\bBearer\s+(?![A-Za-z_]+=")(?!\*\*\*)(?!\{)[^\s"'"'"',;]+'\
'|(?i)\b(?:Proxy-)?Authorization["'"'"']?\s*[:=]\s*["'"'"']?(?!\*\*\*|Bearer\s)[^\s"'"'"',;]+'\
'|(?i)\b(?:access_token|refresh_token|id_token|code_verifier|client_secret|api_key)["'"'"']?\s*[:=]\s*["'"'"']?(?!\*\*\*)[^&\s"'"'"',;]+'

# Public values are masked as the server masks secrets (***) before the scan: the demo key, and client ids (a query
# parameter, a JSON field, or quoted after "client").
allow_public() {
  sed -E -e 's/\b1\|simulator-demo-key\b/***/g' \
    -e "s/(client_id[\"']?[=:][ \"']*|client ')eyJ[A-Za-z0-9_.-]+/\\1***/g" "$1"
}

directories=("$@")
[ ${#directories[@]} -gt 0 ] || directories=(.ci/work)
files=0
lines=0
found=0
while IFS= read -r -d '' file; do
  files=$((files + 1))
  lines=$((lines + $(wc -l < "$file")))
  while IFS=: read -r line _; do
    found=$((found + 1))
    echo "  FAIL  ${file}:${line} holds a credential in the clear"
  done < <(allow_public "$file" | grep -nP "$credential")
done < <(find "${directories[@]}" -maxdepth 2 -type f \( -name '*.log' -o -name '*.stderr' \) -print0 2> /dev/null)

echo "log scan: ${files} files, ${lines} lines, ${found} credentials"
[ "$found" -eq 0 ]

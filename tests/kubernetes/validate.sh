#!/usr/bin/env bash
# Validates deploy/kubernetes against the Kubernetes OpenAPI schemas (validate.mjs, with kubernetes-models and yaml
# pinned by package-lock.json), and proves the validator fails: every manifest in tests/kubernetes/invalid must be
# rejected. The last line is "kubernetes: N passed, N failed"; a setup that fails counts as one failure.
# Needs node and npm. Usage: bash tests/kubernetes/validate.sh
set -uo pipefail
cd "$(dirname "$0")/../.."

if ! (cd tests/kubernetes && npm ci --no-audit --no-fund --loglevel=error); then
  echo "kubernetes: installing the validator (npm ci in tests/kubernetes) failed" >&2
  echo "kubernetes: 0 passed, 1 failed"
  exit 1
fi
node tests/kubernetes/validate.mjs deploy/kubernetes --expect-invalid tests/kubernetes/invalid

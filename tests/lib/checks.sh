# Shared by the shell suites (tests/conformance/run.sh, tests/container/smoke.sh, tests/compose/smoke.sh); sourced, not run.
# check DESCRIPTION COMMAND...: runs the command, counts it in $passed or $failed, and prints one "ok"/"FAIL" line.
check() {
  local description=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "  ok    ${description}"
  else
    failed=$((failed + 1))
    echo "  FAIL  ${description}"
  fi
}

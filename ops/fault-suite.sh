#!/usr/bin/env bash
# The fault suite: every `Fault` test on a real PostgreSQL (the private test cluster under .kinerja-test, and one of
# its own under .kinerja-test-fault for server crashes, restarts and a max_connections of 20), then a report with a
# row per fault: what it checks (the test's name says it) and the result. Worker processes run under faketime for
# skewed clocks. Exit status: the tests'.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/setup.sh --test
swift build --build-tests
trap 'for h in .kinerja-test .kinerja-test-fault; do KINERJA_HOME="$PWD/$h" .build/debug/kinerja db stop >/dev/null 2>&1 || true; done' EXIT
KINERJA_HOME="$PWD/.kinerja-test" .build/debug/kinerja db start >/dev/null
log=$(mktemp)
set +e
swift test --filter Fault 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo
echo "## Fault suite report"
echo
echo "| fault and what is checked | result |"
echo "|---|---|"
grep -E '^. Test ".*" (passed|failed) after' "$log" |
  sed -E 's/^. Test "(.*)" passed after ([0-9.]+) seconds.*/| \1 | passed (\2 s) |/; s/^. Test "(.*)" failed after ([0-9.]+) seconds.*/| \1 | FAILED (\2 s) |/'
rm -f "$log"
exit "$status"

#!/usr/bin/env bash
# The test command: installs what is missing, builds, starts a private PostgreSQL for the tests under
# .kinerja-test/ (the integration tests talk to it; nothing is mocked), and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/setup.sh --test
swift build --build-tests
# Stop every cluster the tests start (the shared one, and those of the restart and fault tests), also on failure.
trap 'for h in .kinerja-test .kinerja-test-restart .kinerja-test-fault; do KINERJA_HOME="$PWD/$h" .build/debug/kinerja db stop >/dev/null 2>&1 || true; done' EXIT
KINERJA_HOME="$PWD/.kinerja-test" .build/debug/kinerja db start >/dev/null
swift test "$@"

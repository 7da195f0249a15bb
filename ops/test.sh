#!/usr/bin/env bash
# The test command: installs what is missing, builds, starts a private PostgreSQL for the tests under
# .kinerja-test/ (the integration tests talk to it; nothing is mocked), and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/setup.sh
swift build --build-tests
KINERJA_HOME="$PWD/.kinerja-test" .build/debug/kinerja db start >/dev/null
swift test "$@"

#!/usr/bin/env bash
# The whole job on the demo data: installs what is missing, builds, and runs `kinerja demo` (which starts a local
# PostgreSQL under ./.kinerja unless KINERJA_DATABASE_URL or --database-url names one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/setup.sh
swift build --product kinerja
exec .build/debug/kinerja demo "$@"

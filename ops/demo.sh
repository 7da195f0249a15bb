#!/usr/bin/env bash
# The whole job on the demo data: installs what is missing, builds and installs `kinerja` (ops/install.sh --debug:
# PREFIX/bin/kinerja, PREFIX is ~/.local or /usr/local for root), and runs `kinerja demo`, which starts a local
# PostgreSQL under ~/.local/share/kinerja unless KINERJA_DATABASE_URL or --database-url names one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/install.sh --debug
if [ "$(id -u)" = 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
exec "$prefix/bin/kinerja" demo "$@"

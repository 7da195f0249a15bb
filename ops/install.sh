#!/usr/bin/env bash
# Installs `kinerja` so it is on PATH and finds its files from any folder:
#   PREFIX/lib/kinerja/kinerja             the binary, with its resource bundle (the report templates) beside it
#   PREFIX/bin/kinerja                     a link to it
#   PREFIX/share/kinerja/sql, ops/demo     the migrations and the demo data the binary looks for
# PREFIX is /usr/local for root, else ~/.local. Usage: bash ops/install.sh [--prefix DIR] [--debug]
# --debug installs the debug build (quick to build; what `ops/demo.sh` uses); the default is a release build.
set -euo pipefail
prefix=""
config=release
while (($#)); do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --debug) config=debug; shift ;;
    *) echo "usage: bash ops/install.sh [--prefix DIR] [--debug]" >&2; exit 2 ;;
  esac
done
if [ -z "$prefix" ]; then
  if [ "$(id -u)" = 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
fi
# Absolute, from where the caller stands: the links below point at it.
prefix=$(realpath -m -- "$prefix")
cd "$(dirname "$0")/.."
bash ops/setup.sh
# A release build carries the Swift runtime and Foundation inside the binary, as the image's does: no shared library
# to load and link at each start of a command (cron's enqueue, an operator's `jobs list`, each worker of a fleet).
static=()
if [ "$config" = release ]; then static=(--static-swift-stdlib); fi
swift build -c "$config" --product kinerja "${static[@]}"
bin="$(swift build -c "$config" --show-bin-path "${static[@]}")"
mkdir -p "$prefix/bin" "$prefix/lib/kinerja" "$prefix/share/kinerja/ops"
install -m 0755 "$bin/kinerja" "$prefix/lib/kinerja/kinerja"
rm -rf "$prefix/lib/kinerja/Kinerja_Report.resources"
cp -R "$bin/Kinerja_Report.resources" "$prefix/lib/kinerja/"
ln -sfn "$prefix/lib/kinerja/kinerja" "$prefix/bin/kinerja"
rm -rf "$prefix/share/kinerja/sql" "$prefix/share/kinerja/ops/demo"
cp -R sql "$prefix/share/kinerja/sql"
cp -R ops/demo "$prefix/share/kinerja/ops/demo"
echo "installed: $prefix/bin/kinerja ($config build)" >&2
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "add it to PATH: export PATH=\"$prefix/bin:\$PATH\" (e.g. in ~/.profile)" >&2 ;;
esac

#!/usr/bin/env bash
# Installs what Kinerja needs on a Debian machine when it is missing: PostgreSQL's server, libpq-dev and pkg-config.
# With --test also what the tests use: faketime (the fault suite runs workers with skewed clocks), headless Chromium
# and the DejaVu fonts (a test looks at the HTML report in a browser: ops/report-check.sh), and the Python packages
# two tests call (PyYAML,
# jsonschema), all from Debian; pip only where Debian's do not
# reach the python3 in use (e.g. a pyenv one). Safe to run again.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
dpkg -s libpq-dev >/dev/null 2>&1 || need+=(libpq-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
tests=false
[ "${1:-}" = --test ] && tests=true
if $tests; then
  [ -x /usr/bin/faketime ] || need+=(faketime)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  [ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
  python3 -c 'import yaml, jsonschema' 2>/dev/null || need+=(python3-yaml python3-jsonschema)
fi
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if $tests; then
  python3 -c 'import yaml, jsonschema' 2>/dev/null || python3 -m pip install -q pyyaml jsonschema
fi

#!/usr/bin/env bash
# Installs what Kinerja needs on a Debian machine when it is missing: PostgreSQL's server and libpq-dev (from
# Debian), and the Python packages two tests call (PyYAML, jsonschema). Safe to run again.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
dpkg -s libpq-dev >/dev/null 2>&1 || need+=(libpq-dev)
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
python3 -c 'import yaml, jsonschema' 2>/dev/null || python3 -m pip install -q pyyaml jsonschema

#!/usr/bin/env bash
# What one `kinerja worker` costs its own process to start, in instructions (valgrind's callgrind), which unlike seconds
# repeat to the last digits whatever else the machine does. The worker serves a queue nobody uses and exits when idle:
# load and link, parse the command line, connect its threads, one turn, stop. The server's side is not counted.
# A copy without debug sections is run: valgrind 3.19 gives up on the debug information Swift writes.
# Usage: ops/bench-start.sh URL [KINERJA_BINARY]   Needs valgrind and objcopy (binutils).
set -euo pipefail
url=${1:?usage: ops/bench-start.sh URL [KINERJA_BINARY]}
kinerja=${2:-.build/release/kinerja}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
objcopy --strip-debug "$kinerja" "$scratch/kinerja"

count() { # LABEL ARGS...: prints the instructions of one run of the binary with ARGS
  local label=$1
  shift
  KINERJA_LOG_LEVEL=error valgrind --tool=callgrind --callgrind-out-file="$scratch/out" "$scratch/kinerja" "$@" \
    >/dev/null 2>"$scratch/err" || { cat "$scratch/err" >&2; exit 1; }
  awk -v label="$label" '/Collected :/ { printf "%s: %.1f M instructions\n", label, $NF / 1e6 }' "$scratch/err"
}

count "worker start (--concurrency 4, empty queue, --exit-when-idle)" \
  worker --concurrency 4 --queues "bench-start-$$" --exit-when-idle --database-url "$url"
count "command line only (--help)" worker --help

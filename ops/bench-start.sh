#!/usr/bin/env bash
# What starting `kinerja worker` costs.
# 1. One worker's own process, in instructions (valgrind's callgrind), which unlike seconds do not move with the
#    machine. The worker serves a queue nobody uses and exits when idle: load and link, parse the command line,
#    connect its threads, look for work, stop; how many times it looks before it stops moves the count by about a
#    million. `worker --help` (loading, linking, the command line) repeats exactly. The server's side is not counted.
#    A copy without debug sections is run: valgrind 3.19 gives up on the debug information Swift writes.
# 2. PROCESSES (default 10) `worker --concurrency 4` started together on such a queue, three times: the CPU time the
#    whole machine spends in the next 1.5 s (/proc/stat: the workers, the server's new backends, everything else),
#    beside 1.5 s with none starting. Seconds, so it moves with the machine.
# Usage: ops/bench-start.sh URL [KINERJA_BINARY] [PROCESSES]   Needs valgrind and objcopy (binutils).
set -euo pipefail
url=${1:?usage: ops/bench-start.sh URL [KINERJA_BINARY] [PROCESSES]}
kinerja=${2:-.build/release/kinerja}
processes=${3:-10}
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

ticks() { awk '/^cpu / { print $2 + $3 + $4 + $6 + $7 + $8 }' /proc/stat; }
hz=$(getconf CLK_TCK)
ms_since() { echo $((($(ticks) - $1) * 1000 / hz)); } # TICKS: the machine's CPU in ms since /proc/stat said TICKS
for round in 1 2 3; do
  # The backends of the round before end after their processes.
  sleep 1
  before=$(ticks)
  sleep 1.5
  quiet=$(ms_since "$before")
  before=$(ticks)
  pids=()
  for i in $(seq 1 "$processes"); do
    KINERJA_LOG_LEVEL=error "$kinerja" worker --concurrency 4 --queues "bench-start-$$" --name "start$i" \
      --database-url "$url" >/dev/null 2>&1 &
    pids+=($!)
  done
  sleep 1.5
  busy=$(ms_since "$before")
  kill -TERM "${pids[@]}"
  wait "${pids[@]}" || true
  echo "$processes workers starting together, round $round: $busy ms of CPU in 1.5 s (none starting: $quiet ms)"
done

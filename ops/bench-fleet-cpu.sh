#!/usr/bin/env bash
# Where a fleet's CPU goes: PROCESSES `kinerja worker --concurrency CONCURRENCY` (default 10 x 4), already running,
# run N no-op jobs (default 40 000) enqueued in a paused queue and then resumed; printed, the CPU time each kind of
# server backend spent on them (by application name: the fetchers, which claim, promote and heartbeat; the
# finishers, which complete; the worker threads' connections; maintenance) and the worker processes' own. From
# /proc/PID/stat, so it must run on the database's machine. Run `1 8` beside it for one process of eight.
# Usage: ops/bench-fleet-cpu.sh URL [KINERJA_BINARY] [PROCESSES] [CONCURRENCY] [JOBS]   Needs psql.
set -euo pipefail
. "$(dirname "$0")/lib/queue.sh"
url=${1:?usage: ops/bench-fleet-cpu.sh URL [KINERJA_BINARY] [PROCESSES] [CONCURRENCY] [JOBS]}
kinerja=${2:-.build/release/kinerja}
processes=${3:-10}
concurrency=${4:-4}
jobs=${5:-40000}
queue="fleet-cpu-$$"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

psql "$url" -Xq -v queue="$queue" <<<"SELECT kinerja.pause_queue(:'queue');" >/dev/null
"$kinerja" enqueue noop --queue "$queue" --count "$jobs" --database-url "$url" >/dev/null
psql "$url" -Xq -c "ANALYZE kinerja.jobs" -c "CHECKPOINT"
start_workers "$processes" "$concurrency" "$queue" cpu
# Until every process has connected and looked for work once.
sleep 2

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# One line per process: PID KIND TICKS. A backend's kind is its application name without the worker's name.
snapshot() {
  psql "$url" -XAt -F' ' -c "SELECT pid, regexp_replace(application_name, '^kinerja cpu[0-9]+ ', '')
    FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name LIKE 'kinerja cpu%'" |
    while read -r pid kind; do echo "$pid backend:${kind// /-} $(ticks "$pid")"; done
  for p in "${pids[@]}"; do echo "$p worker-processes $(ticks "$p")"; done
}
snapshot | sort >"$scratch/before"
started=$(date +%s.%N)
psql "$url" -Xq -v queue="$queue" <<<"SELECT kinerja.resume_queue(:'queue');" >/dev/null
wait_completed "$url" "$queue" "$jobs"
finished=$(date +%s.%N)
snapshot | sort >"$scratch/after"
stop_workers
remove_queue "$url" "$queue"
psql "$url" -Xq -v queue="$queue" <<<"DELETE FROM kinerja.queues WHERE name = :'queue';"

hz=$(getconf CLK_TCK)
echo "$processes x $concurrency, $jobs no-op jobs, $(awk -v a="$started" -v b="$finished" \
  'BEGIN { printf "%.0f", (b - a) * 1000 }') ms from the resume to the last completion; CPU ms by kind:"
# Backends opened during the run (a finisher, a second thread) count from zero.
join -a2 -o 2.1,2.2,1.3,2.3 -e 0 "$scratch/before" "$scratch/after" |
  awk -v hz="$hz" '{ cpu[$2] += ($4 - $3) * 1000 / hz; n[$2]++ }
    END { for (k in cpu) printf "  %-26s %3d  %6.0f\n", k, n[k], cpu[k] }' | sort

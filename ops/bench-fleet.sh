#!/usr/bin/env bash
# Default-flag workers against no-op jobs, as an operator runs them: N jobs enqueued, then one
# `kinerja worker --concurrency 8`, then ten `kinerja worker --concurrency 4`, each timed from their start until every
# job is completed; then `kinerja bench queue` on the same server for comparison. Needs psql.
# Usage: ops/bench-fleet.sh URL [KINERJA_BINARY] [JOBS]
set -euo pipefail
. "$(dirname "$0")/lib/queue.sh"
url=${1:?usage: ops/bench-fleet.sh URL [KINERJA_BINARY] [JOBS]}
kinerja=${2:-.build/release/kinerja}
jobs=${3:-40000}
run() {
  local procs=$1 concurrency=$2 queue="fleet-$1x$2-$$" pids=() started finished
  "$kinerja" enqueue noop --queue "$queue" --count "$jobs" --database-url "$url" >/dev/null
  # As bench queue prepares its run, so the two differ only in the workers: the table's statistics taken now, not by
  # autovacuum during the run, and no checkpoint due in the middle of it.
  psql "$url" -Xq -c "ANALYZE kinerja.jobs" -c "CHECKPOINT"
  started=$(date +%s.%N)
  for i in $(seq 1 "$procs"); do
    KINERJA_LOG_LEVEL=error "$kinerja" worker --concurrency "$concurrency" --queues "$queue" --name "fleet$i" \
      --database-url "$url" >/dev/null 2>&1 &
    pids+=($!)
  done
  wait_completed "$url" "$queue" "$jobs"
  finished=$(date +%s.%N)
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  remove_queue "$url" "$queue"
  awk -v a="$started" -v b="$finished" -v n="$jobs" -v p="$procs" -v c="$concurrency" \
    'BEGIN { printf "%d worker(s) --concurrency %d, default flags: %.0f jobs/s (%.2f s)\n", p, c, n / (b - a), b - a }'
}
run 1 8
run 10 4
"$kinerja" bench queue --jobs "$jobs" --concurrency 8 --latency-samples 50 --database-url "$url" | grep processing

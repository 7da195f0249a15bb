#!/usr/bin/env bash
# A burst after an idle spell, as the nightly run meets it: one `kinerja worker --concurrency 8` idles on a drained
# queue (its statements run a dozen times against empty tables), then JOBS no-op jobs arrive at once; timed from the
# enqueue's commit until every job is completed. Run it right after another run drained the queue, or on a new
# database. Needs psql.
# Usage: ops/bench-cold.sh URL [KINERJA_BINARY] [JOBS] [IDLE_SECONDS]
set -euo pipefail
. "$(dirname "$0")/lib/queue.sh"
url=${1:?usage: ops/bench-cold.sh URL [KINERJA_BINARY] [JOBS] [IDLE_SECONDS]}
kinerja=${2:-.build/release/kinerja}
jobs=${3:-100000}
idle=${4:-10}
queue="cold-$$"
# Empty tables look empty to the planner: vacuum gives back the drained table's pages.
psql "$url" -Xqc "VACUUM kinerja.jobs"
KINERJA_LOG_LEVEL=error "$kinerja" worker --concurrency 8 --queues "$queue" --name cold --database-url "$url" \
  >/dev/null 2>&1 &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null || true' EXIT
sleep "$idle"
"$kinerja" enqueue noop --queue "$queue" --count "$jobs" --database-url "$url" >/dev/null
started=$(date +%s.%N)
wait_drained "$url" "$queue"
finished=$(date +%s.%N)
kill -TERM "$worker" 2>/dev/null || true
wait "$worker" 2>/dev/null || true
remove_queue "$url" "$queue"
awk -v a="$started" -v b="$finished" -v n="$jobs" -v s="$idle" \
  'BEGIN { printf "%d jobs after a worker idled %d s: %.0f jobs/s (%.2f s)\n", n, s, n / (b - a), b - a }'

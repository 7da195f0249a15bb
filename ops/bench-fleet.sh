#!/usr/bin/env bash
# Default-flag workers against no-op jobs, as an operator runs them, beside `kinerja bench queue` on the same server.
# Each round, in turn:
#   bench queue   `kinerja bench queue --concurrency 8`: one pool in a running process, timed from its start;
#   one x 8       N jobs enqueued, then one `kinerja worker --concurrency 8`, timed from its start until every job is
#                 completed;
#   ten x 4       the same with ten `kinerja worker --concurrency 4`;
#   ten running   ten `kinerja worker --concurrency 4` started first, then N jobs enqueued in one transaction, timed
#                 from the first claim to the last completion (the server's clock): the fleet's rate once it runs,
#                 without the start of ten processes and their 70 connections.
# The machine's speed swings by a fifth between runs minutes apart, so every figure is set beside the `bench queue`
# run of its own round, and the rounds alternate. Needs psql.
# Usage: ops/bench-fleet.sh URL [KINERJA_BINARY] [JOBS] [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/lib/queue.sh"
url=${1:?usage: ops/bench-fleet.sh URL [KINERJA_BINARY] [JOBS] [ROUNDS]}
kinerja=${2:-.build/release/kinerja}
jobs=${3:-40000}
rounds=${4:-3}

enqueue() { # QUEUE
  "$kinerja" enqueue noop --queue "$1" --count "$jobs" --database-url "$url" >/dev/null
}

# As bench queue prepares its run, so the two differ only in the workers: the table's statistics taken now, not by
# autovacuum during the run, and no checkpoint due in the middle of it.
prepare() { psql "$url" -Xq -c "ANALYZE kinerja.jobs" -c "CHECKPOINT"; }

cold() { # PROCS CONCURRENCY; prints jobs/s from the processes' start to the last completion seen
  local queue="fleet-$1x$2-$$" started finished
  enqueue "$queue"
  prepare
  started=$(date +%s.%N)
  start_workers "$1" "$2" "$queue" fleet
  wait_completed "$url" "$queue" "$jobs"
  finished=$(date +%s.%N)
  stop_workers
  remove_queue "$url" "$queue"
  awk -v a="$started" -v b="$finished" -v n="$jobs" 'BEGIN { printf "%.0f", n / (b - a) }'
}

running() { # PROCS CONCURRENCY; prints jobs/s from the first claim to the last completion
  local queue="fleet-running-$1x$2-$$" seconds
  prepare
  start_workers "$1" "$2" "$queue" fleet
  # Until every process has its connections and has looked for work once.
  sleep 2
  enqueue "$queue"
  wait_completed "$url" "$queue" "$jobs"
  stop_workers
  seconds=$(psql "$url" -XAtq -v queue="$queue" <<'SQL'
SELECT extract(epoch FROM max(finished_at) - min(attempted_at)) FROM kinerja.job_history WHERE queue = :'queue';
SQL
  )
  remove_queue "$url" "$queue"
  awk -v s="$seconds" -v n="$jobs" 'BEGIN { printf "%.0f", n / s }'
}

reference() {
  "$kinerja" bench queue --jobs "$jobs" --concurrency 8 --latency-samples 50 --database-url "$url" \
    | awk '/^processing:/ { print $2 }'
}

ratios=()
for r in $(seq 1 "$rounds"); do
  ref=$(reference)
  one=$(cold 1 8)
  ten=$(cold 10 4)
  warm=$(running 10 4)
  awk -v r="$r" -v ref="$ref" -v one="$one" -v ten="$ten" -v warm="$warm" 'BEGIN {
    printf "round %d: bench queue %.1f k jobs/s | one x 8 %.1f k (%.2f x) | ten x 4 %.1f k (%.2f x)", r, ref / 1000,
      one / 1000, one / ref, ten / 1000, ten / ref
    printf " | ten x 4 already running %.1f k (%.2f x)\n", warm / 1000, warm / ref }'
  ratios+=("$(awk -v ref="$ref" -v one="$one" -v ten="$ten" -v warm="$warm" \
    'BEGIN { printf "%.3f %.3f %.3f", one / ref, ten / ref, warm / ref }')")
done
median() { # COLUMN: the median of that column of the rounds' ratios
  printf '%s\n' "${ratios[@]}" | awk -v c="$1" '{ print $c }' | sort -n \
    | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
echo "median of $rounds rounds, times bench queue: one x 8 $(median 1), ten x 4 $(median 2)," \
  "ten x 4 already running $(median 3)"

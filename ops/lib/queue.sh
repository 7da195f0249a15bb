# Helpers for the queue benchmark scripts; source it: . "$(dirname "$0")/lib/queue.sh"

# Both waits below poll from one session every 10 ms: a psql started every 50 ms to count the completed jobs cost the
# workers being timed about a fifth of a core. Each poll commits. Without the COMMIT the DO block held its first
# snapshot for the whole wait, as an open dashboard does: no dead ready row of the run could be marked dead in its
# index, and every claim that started from the front read all of them again. The workers being timed must not run
# under a snapshot that `kinerja bench queue`, which waits in its own process, does not hold.

# Starts $1 `kinerja worker --concurrency $2 --queues $3`, named $4 and their number, with the sourcing script's
# $kinerja and $url; sets pids.
start_workers() {
  pids=()
  for i in $(seq 1 "$1"); do
    KINERJA_LOG_LEVEL=error "$kinerja" worker --concurrency "$2" --queues "$3" --name "$4$i" \
      --database-url "$url" >/dev/null 2>&1 &
    pids+=($!)
  done
}

# Stops the workers of start_workers; what they hold goes back to the queue.
stop_workers() {
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}

# Returns once queue $2 has no ready and no running job, through the ready list and the running jobs' index.
wait_drained() {
  psql "$1" -Xq -v ON_ERROR_STOP=1 -v queue="$2" >/dev/null <<'SQL'
SELECT set_config('kinerja.drained_queue', :'queue', false);
DO $$ BEGIN
    WHILE EXISTS (SELECT 1 FROM kinerja.ready WHERE queue = current_setting('kinerja.drained_queue'))
       OR EXISTS (SELECT 1 FROM kinerja.jobs
                  WHERE state = 'running' AND queue = current_setting('kinerja.drained_queue')) LOOP
      COMMIT;
      PERFORM pg_sleep(0.01);
    END LOOP;
  END $$;
SQL
}

# Returns once N ($3) jobs of queue $2 have completed, as the history's counts say (sql/024), from the few hundred
# rows of counts. Polling the ready list and the running jobs as wait_drained does walks the
# dead index entries that the workers being timed leave behind; during ten workers' 40 000 jobs that cost them a
# tenth of their rate.
wait_completed() {
  psql "$1" -Xq -v ON_ERROR_STOP=1 -v queue="$2" -v jobs="$3" >/dev/null <<'SQL'
SELECT set_config('kinerja.drained_queue', :'queue', false), set_config('kinerja.drained_jobs', :'jobs', false);
DO $$ BEGIN
    -- One statement, one snapshot: a fold that moves deltas into the counts meanwhile is seen whole or not at all.
    WHILE (SELECT COALESCE(sum(jobs), 0) FROM kinerja.job_history_count_deltas
           WHERE queue = current_setting('kinerja.drained_queue') AND state = 'completed')
        + (SELECT COALESCE(sum(jobs), 0) FROM kinerja.job_history_counts
           WHERE queue = current_setting('kinerja.drained_queue') AND state = 'completed')
        < current_setting('kinerja.drained_jobs')::bigint LOOP
      COMMIT;
      PERFORM pg_sleep(0.01);
    END LOOP;
END $$;
SQL
}

# Removes queue $2's jobs, finished ones of the last hour included, and the counts of its finished jobs.
remove_queue() {
  psql "$1" -Xq -v ON_ERROR_STOP=1 -v queue="$2" >/dev/null <<'SQL'
DELETE FROM kinerja.jobs WHERE queue = :'queue';
DELETE FROM kinerja.job_history WHERE queue = :'queue' AND finished_at >= now() - interval '1 hour';
DELETE FROM kinerja.job_history_count_deltas WHERE queue = :'queue';
DELETE FROM kinerja.job_history_counts WHERE queue = :'queue';
SQL
}

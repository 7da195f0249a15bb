-- Queue figures for Prometheus, read by postgres_exporter's custom queries (ops/metrics/postgres-exporter-queries.yaml)
-- or by ops/metrics/node-exporter-textfile.sh; the kinerja binary serves no metrics endpoint of its own.
-- Every view is cheap enough to read every 30-60 s: v_metrics_queue scans the jobs table once (as v_queue does, and
-- finished jobs are pruned after their retention), the others read small tables or partial indexes.
-- Read by the NOLOGIN role kinerja_monitor (created here): it sees these figures and v_queue, nothing else; grant it to
-- the exporter's login role (GRANT kinerja_monitor TO postgres_exporter).

-- Per queue and state: how many jobs and how long the oldest has waited (seconds). Every state of every known queue
-- gets a row, zero when empty, so a gauge falls to 0 instead of vanishing when a state drains.
CREATE VIEW kinerja.v_metrics_queue AS
WITH q AS (
    SELECT queue, state, jobs, oldest_seconds FROM kinerja.v_queue
), known AS (
    SELECT queue FROM q
    UNION
    SELECT name FROM kinerja.queues
    UNION
    SELECT queue FROM kinerja.job_counters
)
SELECT k.queue, s.state,
       COALESCE(q.jobs, 0)::bigint AS jobs,
       COALESCE(q.oldest_seconds, 0)::float8 AS oldest_seconds
FROM known k
CROSS JOIN unnest(ARRAY['available', 'scheduled', 'running', 'retryable', 'completed', 'cancelled', 'discarded'])
    AS s(state)
LEFT JOIN q ON q.queue = k.queue AND q.state = s.state;

-- Attempts finished per queue and kind since the counters began: monotonic, for Prometheus counters (rate()).
CREATE VIEW kinerja.v_metrics_counters AS
SELECT queue, kind, completed, failed
FROM kinerja.job_counters;

-- Per queue: jobs running now, and how many of them are past their lease (their worker stopped heartbeating; the
-- rescuer of any live worker returns them within seconds, so a lasting non-zero means no worker is running).
-- Reads the partial index on running jobs only.
CREATE VIEW kinerja.v_metrics_leases AS
WITH r AS (
    SELECT queue, count(*)::bigint AS running,
           count(*) FILTER (WHERE lease_expires_at < now())::bigint AS running_past_lease
    FROM kinerja.jobs
    WHERE state = 'running'
    GROUP BY queue
), known AS (
    SELECT queue FROM r
    UNION
    SELECT name FROM kinerja.queues
    UNION
    SELECT queue FROM kinerja.job_counters
)
SELECT k.queue, COALESCE(r.running, 0)::bigint AS running, COALESCE(r.running_past_lease, 0)::bigint AS running_past_lease
FROM known k
LEFT JOIN r ON r.queue = k.queue;

-- Claim latency per queue: seconds from when a job was due (run_at) to when a worker claimed it (attempted_at), over
-- the jobs claimed in the last 15 minutes; p50 and p99 by percentile_cont. attempted_at is the latest claim, so each
-- job counts once with its latest wait; a job waiting for a retry already has run_at moved to its backoff time (later
-- than its last claim) and is left out until it is claimed again. Queues with no claims in the window have no row
-- (no figure rather than a false 0).
-- The state / finished_at terms change nothing (a job claimed in the window is running, finished since, or back in
-- the queue after a failure or hand-back) but let the planner use the partial indexes instead of scanning every
-- finished job kept for the retention period.
CREATE VIEW kinerja.v_metrics_latency AS
SELECT queue,
       count(*)::bigint AS jobs,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY wait)::float8 AS p50_seconds,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY wait)::float8 AS p99_seconds
FROM (
    SELECT queue, GREATEST(0, extract(epoch FROM attempted_at - run_at))::float8 AS wait
    FROM kinerja.jobs
    WHERE attempted_at >= now() - interval '15 minutes'
      AND run_at <= attempted_at
      AND (state = 'running'
           OR finished_at >= now() - interval '15 minutes'
           OR state IN ('available', 'scheduled', 'retryable'))
) w
GROUP BY queue;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kinerja_monitor') THEN
        CREATE ROLE kinerja_monitor NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA kinerja TO kinerja_monitor;
-- Views run with their owner's rights, so the monitor needs no grant on the tables behind them.
GRANT SELECT ON kinerja.v_queue, kinerja.v_metrics_queue, kinerja.v_metrics_counters, kinerja.v_metrics_leases,
    kinerja.v_metrics_latency TO kinerja_monitor;

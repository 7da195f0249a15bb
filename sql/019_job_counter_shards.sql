-- Attempt counters without one hot row per (queue, kind).
--
-- Every completion statement added its count to the (queue, kind) row of kinerja.job_counters, and the completing
-- transaction then held that row locked until it committed (a WAL flush later): the completions of a fleet's
-- processes queued behind one another on it. Measured with ten `worker --concurrency 4` processes on no-op jobs: the
-- most frequent state of a sampled completion statement was waiting for another transaction's lock.
--
-- Workers now add to one of 64 shard rows per (queue, kind), the one their server backend's pid picks, so two
-- processes wait on each other only when their pids fall on the same shard. The elected maintenance process moves
-- the shards' counts into job_counters once a minute, in one statement (not every second: under an old snapshot
-- each fold leaves a dead version of every shard row, and the fold's scan over them held completions waiting on
-- its row locks; ten minutes at 1 000 jobs/s ended with a p99 of 20-30 ms). Readers that need the exact figure add
-- both tables (the views below do, and so does `queue stats`); job_counters alone lags by up to a minute. Workers
-- from before this migration keep adding to job_counters directly, which stays right.
CREATE TABLE kinerja.job_counter_shards (
    queue     text     NOT NULL,
    kind      text     NOT NULL,
    shard     smallint NOT NULL CHECK (shard BETWEEN 0 AND 63),
    completed bigint   NOT NULL DEFAULT 0,
    failed    bigint   NOT NULL DEFAULT 0,
    PRIMARY KEY (queue, kind, shard)
);

GRANT SELECT, INSERT, UPDATE ON kinerja.job_counter_shards TO kinerja_worker;
GRANT SELECT ON kinerja.job_counter_shards TO kinerja_operator;

-- The counters as readers want them: job_counters plus what the shards hold that is not folded in yet.
CREATE OR REPLACE VIEW kinerja.v_metrics_counters AS
SELECT queue, kind, sum(completed)::bigint AS completed, sum(failed)::bigint AS failed
FROM (
    SELECT queue, kind, completed, failed FROM kinerja.job_counters
    UNION ALL
    SELECT queue, kind, completed, failed FROM kinerja.job_counter_shards
) c
GROUP BY queue, kind;

-- The queues the metrics views list besides those with jobs: paused at some point, or counted (counts not folded
-- yet included). The views below are those of sql/006 with this in their list of known queues.
CREATE VIEW kinerja.known_queues AS
SELECT name AS queue FROM kinerja.queues
UNION
SELECT queue FROM kinerja.job_counters
UNION
SELECT queue FROM kinerja.job_counter_shards;

CREATE OR REPLACE VIEW kinerja.v_metrics_queue AS
WITH q AS (
    SELECT queue, state, jobs, oldest_seconds FROM kinerja.v_queue
), known AS (
    SELECT queue FROM q
    UNION
    SELECT queue FROM kinerja.known_queues
)
SELECT k.queue, s.state,
       COALESCE(q.jobs, 0)::bigint AS jobs,
       COALESCE(q.oldest_seconds, 0)::float8 AS oldest_seconds
FROM known k
CROSS JOIN unnest(ARRAY['available', 'scheduled', 'running', 'retryable', 'completed', 'cancelled', 'discarded'])
    AS s(state)
LEFT JOIN q ON q.queue = k.queue AND q.state = s.state;

CREATE OR REPLACE VIEW kinerja.v_metrics_leases AS
WITH r AS (
    SELECT queue, count(*)::bigint AS running,
           count(*) FILTER (WHERE lease_expires_at < now())::bigint AS running_past_lease
    FROM kinerja.jobs
    WHERE state = 'running'
    GROUP BY queue
), known AS (
    SELECT queue FROM r
    UNION
    SELECT queue FROM kinerja.known_queues
)
SELECT k.queue, COALESCE(r.running, 0)::bigint AS running, COALESCE(r.running_past_lease, 0)::bigint AS running_past_lease
FROM known k
LEFT JOIN r ON r.queue = k.queue;

-- The job queue. Producers insert; workers claim with FOR UPDATE SKIP LOCKED under a lease; every completion,
-- failure and heartbeat names the lease token it holds, so a worker presumed dead cannot finish a job that was
-- handed to someone else (fencing).

CREATE TABLE kinerja.jobs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text        NOT NULL CHECK (kind <> ''),
    queue            text        NOT NULL DEFAULT 'default' CHECK (queue <> ''),
    -- Lower runs first.
    priority         smallint    NOT NULL DEFAULT 0,
    state            text        NOT NULL DEFAULT 'available'
        CHECK (state IN ('available', 'scheduled', 'running', 'retryable', 'completed', 'cancelled', 'discarded')),
    args             jsonb       NOT NULL DEFAULT '{}',
    -- Claims so far; a claim counts an attempt, a graceful hand-back returns it.
    attempt          integer     NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts     integer     NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    run_at           timestamptz NOT NULL DEFAULT now(),
    timeout_seconds  integer     CHECK (timeout_seconds > 0),
    lease_token      uuid,
    lease_expires_at timestamptz,
    -- Which worker holds the lease: host, pid and worker name.
    lease_owner      text,
    unique_key       text,
    -- Every attempt's error, oldest first: [{attempt, at, error, worker}].
    errors           jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(errors) = 'array'),
    result           jsonb,
    progress_done    bigint      CHECK (progress_done >= 0),
    progress_total   bigint      CHECK (progress_total >= 0),
    cancel_requested boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempted_at     timestamptz,
    finished_at      timestamptz,
    CONSTRAINT running_has_lease CHECK (
        (state = 'running') = (lease_token IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CONSTRAINT finished_iff_final CHECK (
        (state IN ('completed', 'cancelled', 'discarded')) = (finished_at IS NOT NULL)),
    CONSTRAINT attempts_within_max CHECK (attempt <= max_attempts)
) WITH (
    -- A hot, update-heavy table: leave room for HOT updates and vacuum it early.
    fillfactor = 70,
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 1
);

-- Matches the claim query's WHERE and ORDER BY exactly.
CREATE INDEX jobs_claim_idx ON kinerja.jobs (priority, run_at, id)
    WHERE state IN ('available', 'scheduled', 'retryable');
-- The rescuer's scan: running jobs only. lease_expires_at stays out of every index, so a heartbeat's update can be
-- a HOT update (no new index entries).
CREATE INDEX jobs_running_idx ON kinerja.jobs (id) WHERE state = 'running';
-- One unfinished job per unique key.
CREATE UNIQUE INDEX jobs_unique_key_idx ON kinerja.jobs (unique_key)
    WHERE unique_key IS NOT NULL AND state IN ('available', 'scheduled', 'running', 'retryable');
-- Pruning and listings of finished jobs.
CREATE INDEX jobs_finished_idx ON kinerja.jobs (finished_at) WHERE finished_at IS NOT NULL;
-- Few indexes on purpose: every claim and completion changes `state`, so each index costs a new entry per update
-- on the hot path. Listings by kind or state scan the table, which pruning keeps small.

-- Queues that are paused, and per-queue settings.
CREATE TABLE kinerja.queues (
    name       text PRIMARY KEY CHECK (name <> ''),
    paused     boolean     NOT NULL DEFAULT false,
    paused_at  timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Periodic jobs. Every worker process looks at them; for each tick exactly one process wins the row update of
-- last_tick and enqueues, so a tick fires once however many processes run.
CREATE TABLE kinerja.schedules (
    name         text PRIMARY KEY CHECK (name <> ''),
    cron         text        NOT NULL,
    timezone     text        NOT NULL DEFAULT 'Asia/Jakarta',
    kind         text        NOT NULL,
    queue        text        NOT NULL DEFAULT 'default',
    args         jsonb       NOT NULL DEFAULT '{}',
    priority     smallint    NOT NULL DEFAULT 0,
    max_attempts integer     NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    enabled      boolean     NOT NULL DEFAULT true,
    last_tick    timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Counters for metrics: processed and failed attempts per queue and kind, kept by the workers' own statements.
CREATE TABLE kinerja.job_counters (
    queue     text   NOT NULL,
    kind      text   NOT NULL,
    completed bigint NOT NULL DEFAULT 0,
    failed    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (queue, kind)
);

-- Per queue and state: how many jobs, and how long the oldest has waited (seconds since run_at, or since
-- created_at for finished ones). Contract: operators and dashboards read it.
CREATE VIEW kinerja.v_queue AS
SELECT queue, state, count(*)::bigint AS jobs,
       GREATEST(0, COALESCE(extract(epoch FROM now() - min(
           CASE WHEN state IN ('available', 'scheduled', 'retryable') THEN run_at ELSE created_at END)), 0)
       )::numeric(12, 3) AS oldest_seconds
FROM kinerja.jobs
GROUP BY queue, state;

-- Finished jobs leave kinerja.jobs for kinerja.job_history, partitioned by the day they finished; retention drops
-- whole days.
--
-- Until now a finished job stayed in kinerja.jobs for its retention (7 days) and the pruner deleted it row by row,
-- 10 000 at a time. A queue that completes tens of thousands of jobs a second finishes more in a minute than that
-- can delete while the claims run, every delete leaves dead rows that an old snapshot keeps, and v_queue and the
-- metrics views counted the finished jobs by reading all of them.
--
-- Now kinerja.jobs holds only jobs that are not finished (available, scheduled, running, retryable):
-- * The workers' batch completion deletes its jobs from kinerja.jobs and inserts them into kinerja.job_history in
--   one statement. Every other way a job finishes (a single completion in the handler's transaction, a failure,
--   the rescuer, cancel_jobs, a worker of an earlier landing) is an update of its state, and the row trigger below
--   moves the job. A row in a final state never stays in kinerja.jobs.
-- * kinerja.job_history is range-partitioned by finished_at, one partition per UTC day, created ahead by the elected
--   maintenance process (add_history_partitions). Retention drops the partitions whose day is over
--   (drop_history_partitions): DROP does not wait for old snapshots as vacuum does, and costs the same for a
--   hundred jobs or a hundred million. A job is kept for its retention and at most one day more.
-- * How many finished jobs each queue keeps per state is counted as the jobs move (job_history_count_deltas, folded
--   into job_history_counts once a minute like the attempt counters), so v_queue and v_metrics_queue read a few
--   rows instead of the history.
-- * A job's id stays the same in the history; jobs show and jobs wait read v_jobs, which adds both (an operator's
--   jobs list reads both tables by their id indexes).
-- Finished jobs already in kinerja.jobs move too: today's into today's partition, older ones into one partition,
-- job_history_upgrade, dropped when the day of the upgrade leaves the retention.

CREATE TABLE kinerja.job_history (LIKE kinerja.jobs) PARTITION BY RANGE (finished_at);
ALTER TABLE kinerja.job_history
    ALTER COLUMN finished_at SET NOT NULL,
    ADD CONSTRAINT history_is_final CHECK (state IN ('completed', 'cancelled', 'discarded'));
-- jobs show/wait by id; the metrics' last quarter hour by finished_at (rows arrive in finish order, so a BRIN
-- costs next to nothing per insert); the producer's "same file again" by kind and id, as jobs_import_idx.
CREATE INDEX job_history_id_idx ON kinerja.job_history (id);
CREATE INDEX job_history_finished_brin ON kinerja.job_history USING brin (finished_at);
CREATE INDEX job_history_import_idx ON kinerja.job_history (kind, id) WHERE kind IN ('import_rka', 'import_kinerja');

-- Finishes outside every day partition (the maintenance process did not run for days) land here rather than fail;
-- drop_history_partitions deletes its rows past the retention one by one.
CREATE TABLE kinerja.job_history_default PARTITION OF kinerja.job_history DEFAULT;

-- The day partitions and their bounds, so retention need not parse partition bounds.
CREATE TABLE kinerja.job_history_partitions (
    name  text        PRIMARY KEY,
    upper timestamptz NOT NULL
);

-- Finished jobs kept, per UTC day of finish, queue and state. Movers insert deltas (never update a row: an update
-- leaves a version an old snapshot keeps for every later update to walk past); the elected process folds them.
CREATE TABLE kinerja.job_history_count_deltas (
    day            date        NOT NULL,
    queue          text        NOT NULL,
    state          text        NOT NULL,
    jobs           bigint      NOT NULL,
    oldest_created timestamptz
);
CREATE TABLE kinerja.job_history_counts (
    day            date        NOT NULL,
    queue          text        NOT NULL,
    state          text        NOT NULL,
    jobs           bigint      NOT NULL,
    oldest_created timestamptz,
    PRIMARY KEY (day, queue, state)
);

-- The finished rows of an update (or insert) that the batch completion did not move itself. SECURITY DEFINER: a role
-- that may finish a job (a worker, cancel_jobs) needs no right on the history to do so.
CREATE FUNCTION kinerja.move_finished_job() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO kinerja.job_history (
        id, kind, queue, priority, state, args, attempt, max_attempts, run_at, timeout_seconds, lease_token,
        lease_expires_at, lease_owner, unique_key, errors, result, progress_done, progress_total, cancel_requested,
        created_at, attempted_at, finished_at, created_by)
    VALUES (
        NEW.id, NEW.kind, NEW.queue, NEW.priority, NEW.state, NEW.args, NEW.attempt, NEW.max_attempts, NEW.run_at,
        NEW.timeout_seconds, NEW.lease_token, NEW.lease_expires_at, NEW.lease_owner, NEW.unique_key, NEW.errors,
        NEW.result, NEW.progress_done, NEW.progress_total, NEW.cancel_requested, NEW.created_at, NEW.attempted_at,
        NEW.finished_at, NEW.created_by);
    DELETE FROM kinerja.jobs WHERE id = NEW.id;
    INSERT INTO kinerja.job_history_count_deltas (day, queue, state, jobs, oldest_created)
    VALUES ((NEW.finished_at AT TIME ZONE 'UTC')::date, NEW.queue, NEW.state, 1, NEW.created_at);
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_move_finished AFTER INSERT OR UPDATE OF state ON kinerja.jobs
    FOR EACH ROW WHEN (NEW.state IN ('completed', 'cancelled', 'discarded'))
    EXECUTE FUNCTION kinerja.move_finished_job();

-- Creates the day partitions from today (UTC) for p_days days that do not exist yet. Waits at most 100 ms for the
-- history's lock, then leaves the rest to the next call (a partition is made days ahead, so giving up costs
-- nothing). A day whose finishes already went to the default partition stays there, and the days after it get their
-- partitions as usual. Returns the partitions created.
CREATE FUNCTION kinerja.add_history_partitions(p_days integer DEFAULT 7) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- For the function only: a caller's later statements keep their own lock timeout.
SET lock_timeout = '100ms'
AS $$
DECLARE
    today date := (now() AT TIME ZONE 'UTC')::date;
    d date;
    part text;
    added integer := 0;
BEGIN
    FOR i IN 0 .. p_days - 1 LOOP
        d := today + i;
        part := 'job_history_' || to_char(d, 'YYYYMMDD');
        CONTINUE WHEN EXISTS (SELECT 1 FROM kinerja.job_history_partitions WHERE name = part);
        BEGIN
            EXECUTE format('CREATE TABLE kinerja.%I PARTITION OF kinerja.job_history FOR VALUES FROM (%L) TO (%L)',
                           part, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
            INSERT INTO kinerja.job_history_partitions (name, upper) VALUES (part, (d + 1)::timestamp AT TIME ZONE 'UTC');
            added := added + 1;
        EXCEPTION
            WHEN lock_not_available THEN
                RETURN added;
            -- Rows of that day in the default partition, or another process made it meanwhile.
            WHEN check_violation OR invalid_object_definition OR duplicate_table THEN
                NULL;
        END;
    END LOOP;
    RETURN added;
END
$$;

-- Retention: drops the day partitions whose every job finished more than p_retention_seconds ago, with their counts
-- (but not the counts of days whose rows are still in the default partition), then deletes up to p_batch such rows
-- from the default partition, counting them out. Waits at most 100 ms for a lock (a long reader of
-- v_jobs, pg_dump) and then leaves the rest to the next round. Returns the partitions dropped and the default
-- partition's rows deleted.
CREATE FUNCTION kinerja.drop_history_partitions(p_retention_seconds double precision, p_batch integer DEFAULT 10000)
RETURNS TABLE (partitions integer, rows_deleted integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- For the function only: a caller's later statements keep their own lock timeout.
SET lock_timeout = '100ms'
AS $$
DECLARE
    cutoff timestamptz := now() - p_retention_seconds * interval '1 second';
    p record;
    counted_until date;
BEGIN
    partitions := 0;
    rows_deleted := 0;
    FOR p IN SELECT name, upper FROM kinerja.job_history_partitions WHERE upper <= cutoff ORDER BY upper LOOP
        BEGIN
            EXECUTE format('DROP TABLE kinerja.%I', p.name);
            DELETE FROM kinerja.job_history_partitions WHERE name = p.name;
            counted_until := (p.upper AT TIME ZONE 'UTC')::date;
            DELETE FROM kinerja.job_history_counts c
            WHERE c.day < counted_until AND NOT EXISTS (
                SELECT 1 FROM kinerja.job_history_default h
                WHERE h.finished_at >= c.day::timestamp AT TIME ZONE 'UTC'
                  AND h.finished_at < (c.day + 1)::timestamp AT TIME ZONE 'UTC');
            DELETE FROM kinerja.job_history_count_deltas c
            WHERE c.day < counted_until AND NOT EXISTS (
                SELECT 1 FROM kinerja.job_history_default h
                WHERE h.finished_at >= c.day::timestamp AT TIME ZONE 'UTC'
                  AND h.finished_at < (c.day + 1)::timestamp AT TIME ZONE 'UTC');
            partitions := partitions + 1;
        EXCEPTION WHEN lock_not_available THEN
            RETURN NEXT;
            RETURN;
        END;
    END LOOP;
    WITH gone AS (
        DELETE FROM kinerja.job_history_default WHERE id IN (
            SELECT id FROM kinerja.job_history_default WHERE finished_at < cutoff LIMIT p_batch)
        RETURNING finished_at, queue, state
    ), counted AS (
        INSERT INTO kinerja.job_history_count_deltas (day, queue, state, jobs)
        SELECT (finished_at AT TIME ZONE 'UTC')::date, queue, state, -count(*) FROM gone GROUP BY 1, 2, 3
    )
    SELECT count(*)::integer INTO rows_deleted FROM gone;
    RETURN NEXT;
END
$$;

-- The finished jobs already here move to the history: those of earlier days into one partition, dropped when the
-- day of the upgrade leaves the retention; today's into today's.
DO $$
DECLARE
    upper timestamptz := (now() AT TIME ZONE 'UTC')::date::timestamp AT TIME ZONE 'UTC';
BEGIN
    EXECUTE format('CREATE TABLE kinerja.job_history_upgrade PARTITION OF kinerja.job_history '
                   'FOR VALUES FROM (MINVALUE) TO (%L)', upper);
    INSERT INTO kinerja.job_history_partitions (name, upper) VALUES ('job_history_upgrade', upper);
END
$$;
SELECT kinerja.add_history_partitions();

WITH moved AS (
    DELETE FROM kinerja.jobs WHERE state IN ('completed', 'cancelled', 'discarded')
    RETURNING id, kind, queue, priority, state, args, attempt, max_attempts, run_at, timeout_seconds, lease_token,
        lease_expires_at, lease_owner, unique_key, errors, result, progress_done, progress_total, cancel_requested,
        created_at, attempted_at, finished_at, created_by
), kept AS (
    INSERT INTO kinerja.job_history (
        id, kind, queue, priority, state, args, attempt, max_attempts, run_at, timeout_seconds, lease_token,
        lease_expires_at, lease_owner, unique_key, errors, result, progress_done, progress_total, cancel_requested,
        created_at, attempted_at, finished_at, created_by)
    SELECT * FROM moved
)
INSERT INTO kinerja.job_history_counts (day, queue, state, jobs, oldest_created)
SELECT (finished_at AT TIME ZONE 'UTC')::date, queue, state, count(*), min(created_at) FROM moved GROUP BY 1, 2, 3;

-- No finished row stays in kinerja.jobs any more; its index of finishes only cost the trigger's update an entry.
DROP INDEX kinerja.jobs_finished_idx;

-- Every column of every job, unfinished and finished, as before.
CREATE OR REPLACE VIEW kinerja.v_jobs WITH (security_barrier) AS
SELECT j.id, j.kind, j.queue, j.state, j.priority, j.attempt, j.max_attempts, j.args, j.run_at, j.created_at,
       j.attempted_at, j.finished_at, j.errors, j.result, j.progress_done, j.progress_total, j.unique_key,
       j.lease_owner, j.lease_expires_at, j.cancel_requested, j.timeout_seconds, j.created_by
FROM (
    SELECT id, kind, queue, state, priority, attempt, max_attempts, args, run_at, created_at, attempted_at,
           finished_at, errors, result, progress_done, progress_total, unique_key, lease_owner, lease_expires_at,
           cancel_requested, timeout_seconds, created_by
    FROM kinerja.jobs
    UNION ALL
    SELECT id, kind, queue, state, priority, attempt, max_attempts, args, run_at, created_at, attempted_at,
           finished_at, errors, result, progress_done, progress_total, unique_key, lease_owner, lease_expires_at,
           cancel_requested, timeout_seconds, created_by
    FROM kinerja.job_history
) j
WHERE j.created_by = session_user::text OR (SELECT kinerja.sees_all_jobs());

-- Unfinished jobs counted from kinerja.jobs (which holds nothing else now); finished ones from their counts, never
-- from the history itself.
CREATE OR REPLACE VIEW kinerja.v_queue AS
SELECT queue, state, count(*)::bigint AS jobs,
       GREATEST(0, COALESCE(extract(epoch FROM now() - min(
           CASE WHEN state IN ('available', 'scheduled', 'retryable') THEN run_at ELSE created_at END)), 0)
       )::numeric(12, 3) AS oldest_seconds
FROM kinerja.jobs
GROUP BY queue, state
UNION ALL
SELECT queue, state, sum(jobs)::bigint,
       GREATEST(0, COALESCE(extract(epoch FROM now() - min(oldest_created)), 0))::numeric(12, 3)
FROM (
    SELECT queue, state, jobs, oldest_created FROM kinerja.job_history_counts
    UNION ALL
    SELECT queue, state, jobs, oldest_created FROM kinerja.job_history_count_deltas
) c
GROUP BY queue, state
HAVING sum(jobs) > 0;

CREATE OR REPLACE VIEW kinerja.v_import_jobs AS
SELECT id, kind, state, args->>'sha256' AS sha256,
       COALESCE(args->>'tahun', args->'file_scope'->>'tahun')::int AS tahun,
       COALESCE(args->>'kode_opd', args->'file_scope'->>'kode_opd') AS kode_opd,
       args->>'versi' AS versi, args->>'sheet' AS sheet, args->>'file_name' AS file_name,
       args->>'pemda' AS pemda
FROM (
    SELECT id, kind, state, args FROM kinerja.jobs WHERE kind IN ('import_rka', 'import_kinerja')
    UNION ALL
    SELECT id, kind, state, args FROM kinerja.job_history WHERE kind IN ('import_rka', 'import_kinerja')
) j;

-- The claims of the last quarter hour: unfinished jobs, and the history's last quarter hour through its BRIN.
CREATE OR REPLACE VIEW kinerja.v_metrics_latency AS
SELECT queue,
       count(*)::bigint AS jobs,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY wait)::float8 AS p50_seconds,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY wait)::float8 AS p99_seconds
FROM (
    SELECT queue, GREATEST(0, extract(epoch FROM attempted_at - run_at))::float8 AS wait
    FROM kinerja.jobs
    WHERE attempted_at >= now() - interval '15 minutes' AND run_at <= attempted_at
      -- Every unfinished state: lets the planner use the partial indexes of waiting and running jobs (sql/006).
      AND (state = 'running' OR state IN ('available', 'scheduled', 'retryable'))
    UNION ALL
    SELECT queue, GREATEST(0, extract(epoch FROM attempted_at - run_at))::float8
    FROM kinerja.job_history
    WHERE finished_at >= now() - interval '15 minutes'
      AND attempted_at >= now() - interval '15 minutes' AND run_at <= attempted_at
) w
GROUP BY queue;

CREATE OR REPLACE FUNCTION kinerja.import_job_in_force(job bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT NOT EXISTS (
        SELECT 1 FROM kinerja.imports i
        WHERE i.replaced_by IS NOT NULL
          AND (i.job_id = job OR i.id IN (
              SELECT jsonb_array_elements_text(j.result -> 'import_ids')::bigint
              FROM (SELECT result FROM kinerja.jobs WHERE id = job
                    UNION ALL
                    SELECT result FROM kinerja.job_history WHERE id = job) j
              WHERE jsonb_typeof(j.result -> 'import_ids') = 'array')))
$$;

-- Operators' retry: discarded and cancelled jobs come back from the history with their ids (the insert lists them in
-- the ready list); retryable ones are updated in place as before.
CREATE OR REPLACE FUNCTION kinerja.retry_jobs(
    p_ids bigint[], p_states text[] DEFAULT NULL, p_kind text DEFAULT NULL, p_queue text DEFAULT NULL
) RETURNS SETOF bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    RETURN QUERY
    WITH back AS (
        DELETE FROM kinerja.job_history h
        WHERE h.state IN ('discarded', 'cancelled')
          AND (p_ids IS NULL OR h.id = ANY (p_ids))
          AND (p_states IS NULL OR h.state = ANY (p_states)) AND (p_kind IS NULL OR h.kind = p_kind)
          AND (p_queue IS NULL OR h.queue = p_queue)
        RETURNING h.*
    ), uncounted AS (
        INSERT INTO kinerja.job_history_count_deltas (day, queue, state, jobs)
        SELECT (finished_at AT TIME ZONE 'UTC')::date, queue, state, -count(*) FROM back GROUP BY 1, 2, 3
    ), listed AS (
        INSERT INTO kinerja.jobs (
            id, kind, queue, priority, state, args, attempt, max_attempts, run_at, timeout_seconds, unique_key,
            errors, result, progress_done, progress_total, cancel_requested, created_at, attempted_at, created_by)
        OVERRIDING SYSTEM VALUE
        SELECT id, kind, queue, priority, 'available', args, 0, max_attempts, now(), timeout_seconds, unique_key,
               errors, result, progress_done, progress_total, false, created_at, attempted_at, created_by
        FROM back
        RETURNING id
    ), waiting AS (
        UPDATE kinerja.jobs j
        SET state = 'available', run_at = now(), attempt = 0, cancel_requested = false
        WHERE j.state = 'retryable'
          AND (p_ids IS NULL OR j.id = ANY (p_ids))
          AND (p_states IS NULL OR j.state = ANY (p_states)) AND (p_kind IS NULL OR j.kind = p_kind)
          AND (p_queue IS NULL OR j.queue = p_queue)
        RETURNING j.id
    )
    SELECT id FROM listed UNION ALL SELECT id FROM waiting;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN PERFORM pg_notify('kinerja_jobs', '*'); END IF;
END
$$;

REVOKE ALL ON FUNCTION kinerja.move_finished_job(), kinerja.add_history_partitions(integer),
    kinerja.drop_history_partitions(double precision, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kinerja.add_history_partitions(integer),
    kinerja.drop_history_partitions(double precision, integer) TO kinerja_worker;

-- Workers move jobs in (the batch completion) and fold the counts; operators read what they read of kinerja.jobs;
-- producers the same columns of their jobs as there.
GRANT SELECT, INSERT ON kinerja.job_history TO kinerja_worker;
GRANT SELECT, INSERT, DELETE ON kinerja.job_history_count_deltas TO kinerja_worker;
GRANT SELECT, INSERT, UPDATE ON kinerja.job_history_counts TO kinerja_worker;
GRANT SELECT ON kinerja.job_history, kinerja.job_history_counts, kinerja.job_history_count_deltas,
    kinerja.job_history_partitions TO kinerja_operator;
-- kinerja doctor counts what went to the default partition (days without a partition of their own).
GRANT SELECT ON kinerja.job_history_default TO kinerja_operator;
GRANT SELECT (id, kind, queue, state, priority, attempt, max_attempts, run_at, created_at, attempted_at,
              finished_at, unique_key, progress_done, progress_total, cancel_requested)
    ON kinerja.job_history TO kinerja_producer;

-- The history's maintenance functions (sql/024), hardened where a review found them fragile:
--
-- add_history_partitions
--   * Does not try to make the partition of a day that has started while the default partition holds any row.
--     Making a partition scans the default partition under an ACCESS EXCLUSIVE lock on the history (every
--     completion waits), and fails when a row of that day is there; such a day was tried again every round (every
--     second while old rows waited for retention), one scan of the default partition each time. That day's
--     finishes stay in the default partition, whose rows retention deletes in batches; the days ahead get
--     partitions as before.
--   * Writes the partition bounds in ISO style whatever the caller's DateStyle: a session with DateStyle SQL in
--     Asia/Jakarta wrote 'WIB', which the bound could not be read back from, and made no partition at all.
--
-- drop_history_partitions
--   * Refuses a negative retention, which put the cutoff in the future and dropped today's and the days ahead.
--   * Drops with IF EXISTS: one partition dropped by hand stopped retention for good (every later call failed).
--   * Reads the default partition's days only when it drops a partition, not every round.
--   * Deletes rows from the default partition only in a call that dropped no partition: a drop's ACCESS EXCLUSIVE
--     lock lasts to the end of its transaction, and completions waited behind the delete. The pruner calls it again
--     after a round that dropped partitions.
--
-- v_queue
--   * The oldest finished job of a queue and state is taken from the days that still count jobs: a day whose jobs
--     were all retried (or deleted from the default partition) kept its oldest creation time and made the age too old.

CREATE OR REPLACE FUNCTION kinerja.add_history_partitions(p_days integer DEFAULT 7) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- For the function only: a caller's later statements keep their own lock timeout and date style.
SET lock_timeout = '100ms'
SET datestyle = 'ISO, YMD'
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
        -- Today may have rows in the default partition already: not tried while it holds any (normally none:
        -- finishes reach it only on days that had no partition).
        IF d = today AND EXISTS (SELECT 1 FROM kinerja.job_history_default) THEN
            CONTINUE;
        END IF;
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

CREATE OR REPLACE FUNCTION kinerja.drop_history_partitions(
    p_retention_seconds double precision, p_batch integer DEFAULT 10000)
RETURNS TABLE (partitions integer, rows_deleted integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- For the function only: a caller's later statements keep their own lock timeout.
SET lock_timeout = '100ms'
AS $$
DECLARE
    cutoff timestamptz;
    p record;
    -- The days whose finishes are in the default partition (normally none): their counts stay until those rows go.
    default_days date[];
BEGIN
    IF p_retention_seconds IS NULL OR p_retention_seconds < 0 THEN
        RAISE EXCEPTION 'history retention must be zero or more seconds, not %', p_retention_seconds
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    cutoff := now() - p_retention_seconds * interval '1 second';
    partitions := 0;
    rows_deleted := 0;
    FOR p IN SELECT name, upper FROM kinerja.job_history_partitions WHERE upper <= cutoff ORDER BY upper LOOP
        IF default_days IS NULL THEN
            default_days := ARRAY(SELECT DISTINCT (finished_at AT TIME ZONE 'UTC')::date FROM kinerja.job_history_default);
        END IF;
        BEGIN
            EXECUTE format('DROP TABLE IF EXISTS kinerja.%I', p.name);
            DELETE FROM kinerja.job_history_partitions WHERE name = p.name;
            DELETE FROM kinerja.job_history_counts
            WHERE day < (p.upper AT TIME ZONE 'UTC')::date AND NOT (day = ANY (default_days));
            DELETE FROM kinerja.job_history_count_deltas
            WHERE day < (p.upper AT TIME ZONE 'UTC')::date AND NOT (day = ANY (default_days));
            partitions := partitions + 1;
        EXCEPTION WHEN lock_not_available THEN
            RETURN NEXT;
            RETURN;
        END;
    END LOOP;
    IF partitions = 0 THEN
        WITH gone AS (
            DELETE FROM kinerja.job_history_default WHERE id IN (
                SELECT id FROM kinerja.job_history_default WHERE finished_at < cutoff LIMIT p_batch)
            RETURNING finished_at, queue, state
        ), counted AS (
            INSERT INTO kinerja.job_history_count_deltas (day, queue, state, jobs)
            SELECT (finished_at AT TIME ZONE 'UTC')::date, queue, state, -count(*) FROM gone GROUP BY 1, 2, 3
        )
        SELECT count(*)::integer INTO rows_deleted FROM gone;
    END IF;
    RETURN NEXT;
END
$$;

-- As sql/024's, but a day's oldest creation time counts only while the day still counts jobs.
CREATE OR REPLACE VIEW kinerja.v_queue AS
SELECT queue, state, count(*)::bigint AS jobs,
       GREATEST(0, COALESCE(extract(epoch FROM now() - min(
           CASE WHEN state IN ('available', 'scheduled', 'retryable') THEN run_at ELSE created_at END)), 0)
       )::numeric(12, 3) AS oldest_seconds
FROM kinerja.jobs
GROUP BY queue, state
UNION ALL
SELECT queue, state, sum(jobs)::bigint,
       GREATEST(0, COALESCE(extract(epoch FROM now() - min(oldest_created) FILTER (WHERE jobs > 0)), 0))::numeric(12, 3)
FROM (
    SELECT queue, state, day, sum(jobs) AS jobs, min(oldest_created) AS oldest_created
    FROM (
        SELECT day, queue, state, jobs, oldest_created FROM kinerja.job_history_counts
        UNION ALL
        SELECT day, queue, state, jobs, oldest_created FROM kinerja.job_history_count_deltas
    ) c
    GROUP BY queue, state, day
) d
GROUP BY queue, state
HAVING sum(jobs) > 0;

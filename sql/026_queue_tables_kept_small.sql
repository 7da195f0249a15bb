-- The queue tables kept small under an old snapshot: kinerja.jobs compacted, the count deltas truncated.
--
-- Every claim and completion leaves a dead row version in kinerja.jobs, and while any snapshot older than it is open
-- (a dashboard's REPEATABLE READ transaction, pg_dump, a long report) vacuum may not remove it: at 1 000 jobs/s the
-- table grew from nothing to 264 MB in ten minutes. The claim and the completion reach their rows by primary key, so
-- they do not slow down, but the table and its indexes grow without bound for as long as the snapshot lasts.
--
-- compact_jobs rewrites the table when it is large and holds few unfinished jobs: under an exclusive lock it reads
-- the live rows, TRUNCATEs the table (which, unlike vacuum, does not wait for old snapshots) and inserts them back
-- unchanged, same ids, lease tokens and everything, with the table's triggers off so no job is listed twice or
-- moved. Workers wait for the lock for the few milliseconds it takes. It gives up at once (lock_timeout) rather than
-- queue every claim behind a transaction that holds the table (pg_dump, a handler's long transaction).
--
-- Like every TRUNCATE, it is not MVCC-safe: a REPEATABLE READ transaction that began before a compaction and reads
-- kinerja.jobs for the first time after it sees no unfinished jobs. One that has already read the table holds a lock
-- that keeps the compaction away until it ends.
CREATE FUNCTION kinerja.compact_jobs(p_min_bytes bigint, p_max_rows integer, p_lock_timeout_ms integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_live integer;
    v_rows kinerja.jobs[];
BEGIN
    IF pg_total_relation_size('kinerja.jobs') < p_min_bytes THEN
        RETURN NULL;
    END IF;
    -- Counted before the lock too, so a large backlog costs the claims nothing.
    SELECT count(*) INTO v_live FROM (SELECT 1 FROM kinerja.jobs LIMIT p_max_rows + 1) j;
    IF v_live > p_max_rows THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('lock_timeout', p_lock_timeout_ms || 'ms', true);
    LOCK TABLE kinerja.jobs IN ACCESS EXCLUSIVE MODE;
    SELECT array_agg(j) INTO v_rows FROM (SELECT * FROM kinerja.jobs LIMIT p_max_rows + 1) j;
    IF cardinality(v_rows) > p_max_rows THEN
        RETURN NULL;
    END IF;
    ALTER TABLE kinerja.jobs DISABLE TRIGGER USER;
    TRUNCATE kinerja.jobs;
    INSERT INTO kinerja.jobs OVERRIDING SYSTEM VALUE SELECT * FROM unnest(v_rows);
    ALTER TABLE kinerja.jobs ENABLE TRIGGER USER;
    RETURN COALESCE(cardinality(v_rows), 0);
EXCEPTION WHEN lock_not_available THEN
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION kinerja.compact_jobs(bigint, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kinerja.compact_jobs(bigint, integer, integer) TO kinerja_worker;

-- The attempt and history count deltas (sql/021, sql/024) are folded once a minute. Folded by DELETE, their rows
-- stay behind as dead rows under an old snapshot (8 MB per table in ten minutes at 1 000 jobs/s, each fold scanning
-- them all); the folder now empties them with TRUNCATE under a short lock (CounterFolder), and falls back to the
-- DELETE when the lock is not free.
GRANT TRUNCATE ON kinerja.job_counter_deltas, kinerja.job_history_count_deltas TO kinerja_worker;

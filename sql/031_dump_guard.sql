-- The pg_dump guard of the queue's truncations, and recycle_ready wrapping sql/018's function. Stops 31 and 32 shipped
-- these as an edit of sql/026 after it had landed; sql/026 has its first text again (sql/earlier_texts_031.txt lists
-- the edited one), and this file brings every database to the same functions: one migrated with either text of
-- sql/026 ends here alike, so each statement also runs where the edit was applied (CREATE OR REPLACE, the rename
-- only when it has not happened).
--
-- pg_dump takes its snapshot first and locks the tables it dumps one by one after. A TRUNCATE that commits in between
-- empties the table for that snapshot: the dump would hold no unfinished jobs (or, for a ready slot, jobs that are
-- available but not listed, which no worker would ever claim after a restore). So nothing of the queue is truncated
-- while a pg_dump or pg_dumpall is connected to this database; once it has its locks a TRUNCATE would wait for its
-- end anyway. application_name is visible to every role in pg_stat_activity; a dump run under another name is not
-- recognised. compact_jobs (13-31 ms under its lock for 2 000 jobs in a 20 MB table) and compact_workers (sql/029)
-- check it; the count deltas' folder falls back to a DELETE while a dump is connected.
CREATE OR REPLACE FUNCTION kinerja.dump_in_progress() RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND application_name IN ('pg_dump', 'pg_dumpall')
          AND pid <> pg_backend_pid())
$$;

CREATE OR REPLACE FUNCTION kinerja.compact_jobs(p_min_bytes bigint, p_max_rows integer, p_lock_timeout_ms integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_live integer;
    v_rows kinerja.jobs[];
BEGIN
    IF pg_total_relation_size('kinerja.jobs') < p_min_bytes OR kinerja.dump_in_progress() THEN
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

-- recycle_ready (sql/018) leaves every slot alone while a dump is connected: sql/018's function is kept under another
-- name and called by the new one, which callers of every landing reach.
DO $$
BEGIN
    IF to_regprocedure('kinerja.recycle_ready_018(integer)') IS NULL THEN
        ALTER FUNCTION kinerja.recycle_ready(integer) RENAME TO recycle_ready_018;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION kinerja.recycle_ready(p_slot integer) RETURNS boolean
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN kinerja.dump_in_progress() THEN false ELSE kinerja.recycle_ready_018(p_slot) END
$$;

REVOKE ALL ON FUNCTION kinerja.recycle_ready(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION kinerja.recycle_ready_018(integer) FROM PUBLIC, kinerja_worker;
GRANT EXECUTE ON FUNCTION kinerja.recycle_ready(integer) TO kinerja_worker;

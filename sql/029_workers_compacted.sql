-- kinerja.workers kept small under an old snapshot, as kinerja.jobs is (sql/026).
--
-- Each worker process updates its row with every heartbeat, about once a second. While a snapshot older than those
-- updates is open (a dashboard's REPEATABLE READ transaction, pg_dump, a long report) vacuum may not remove the dead
-- versions, and every heartbeat finds its row by walking past all of them, as does the roster read that picks whom a
-- wake ticket goes to (a scan of the whole table). Measured on the bench database with a snapshot held, ten
-- processes' worth of heartbeats: after one hour's 36 000 the table was 4.5 MB, a heartbeat 0.81 ms and a roster read
-- 0.70 ms (0.35 and 0.15 ms before); after four hours' 18 MB, 2.8 ms and 4.9 ms, growing on.
--
-- compact_workers rewrites the table when it is past p_min_bytes: under an exclusive lock, waited for at most
-- p_lock_timeout_ms, it reads the few live rows, TRUNCATEs the table (which does not wait for old snapshots) and
-- puts them back unchanged. Heartbeats wait that long. Like compact_jobs it leaves the table alone while a pg_dump
-- is connected, and like every TRUNCATE it is not MVCC-safe: a REPEATABLE READ transaction that began before it and
-- reads kinerja.workers only after sees no worker. Returns the rows kept, or NULL when it left the table alone.
CREATE FUNCTION kinerja.compact_workers(p_min_bytes bigint, p_lock_timeout_ms integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_rows kinerja.workers[];
BEGIN
    IF pg_total_relation_size('kinerja.workers') < p_min_bytes OR kinerja.dump_in_progress() THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('lock_timeout', p_lock_timeout_ms || 'ms', true);
    LOCK TABLE kinerja.workers IN ACCESS EXCLUSIVE MODE;
    SELECT array_agg(w) INTO v_rows FROM kinerja.workers w;
    TRUNCATE kinerja.workers;
    INSERT INTO kinerja.workers SELECT * FROM unnest(v_rows);
    RETURN COALESCE(cardinality(v_rows), 0);
EXCEPTION WHEN lock_not_available THEN
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION kinerja.compact_workers(bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kinerja.compact_workers(bigint, integer) TO kinerja_worker;

-- A ready slot that still lists a few available jobs is emptied too: those rows move to the slot being written, then
-- the old slot is truncated. Before, one job nobody claims (a queue no worker serves, a kind no worker handles yet, a
-- backlog) kept its slot from ever being truncated, and the dead rows of every job claimed from that slot since
-- stayed behind it: each claim from the front of the list stepped over all of them, and under an old snapshot
-- (which keeps index entries from being marked dead) that cost grew with every job processed (measured: enqueue-to-
-- start p99 of an idle worker 12-22 ms after three or four 50 000-job rounds, with about 100 ready rows of recompute
-- jobs no worker served spread over seven slots).
-- Rows move only while they are few and the dead rows many: at most 2 000 live rows, filling at most a quarter of
-- the slot (about 90 bytes each). So a move is short (the claims wait on the slot's lock while it runs), and rows
-- once moved are not moved again every second while nothing else is written beside them. A slot past either bound
-- is left as it is. The moved rows keep their (priority, run_at, job_id), so claim order is kept. The slot being
-- written is never emptied, and a move into the slot being emptied (the clock turned to it meanwhile) gives up.
CREATE OR REPLACE FUNCTION kinerja.recycle_ready(p_slot integer) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_rel regclass;
    v_live integer;
    v_target smallint;
BEGIN
    IF p_slot NOT BETWEEN 0 AND 7 OR p_slot = kinerja.ready_slot() THEN
        RETURN false;
    END IF;
    v_rel := format('kinerja.ready_%s', p_slot)::regclass;
    IF pg_relation_size(v_rel) < 65536 THEN
        RETURN false;
    END IF;
    EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %s LIMIT 2001) r', v_rel) INTO v_live;
    IF v_live > 2000 OR v_live * 90 * 4 > pg_relation_size(v_rel) THEN
        RETURN false;
    END IF;
    PERFORM set_config('lock_timeout', '20ms', true);
    EXECUTE format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE', v_rel);
    EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %s LIMIT 2001) r', v_rel) INTO v_live;
    IF v_live > 2000 OR v_live * 90 * 4 > pg_relation_size(v_rel) THEN
        RETURN false;
    END IF;
    IF v_live > 0 THEN
        v_target := kinerja.ready_slot();
        IF v_target = p_slot THEN
            RETURN false;
        END IF;
        -- The rows as they are, without a look at their jobs while the lock is held (a join with kinerja.jobs was
        -- planned as a scan of the whole table: under an old snapshot the enqueue-to-start p99 of a sustained run
        -- grew from 24 to 750 ms in ten minutes); a claim drops a row whose job is no longer available.
        EXECUTE format(
            'INSERT INTO kinerja.ready (slot, job_id, queue, kind, priority, run_at) '
            'SELECT $1, job_id, queue, kind, priority, run_at FROM %s', v_rel)
        USING v_target;
    END IF;
    EXECUTE format('TRUNCATE %s', v_rel);
    RETURN true;
EXCEPTION WHEN lock_not_available THEN
    RETURN false;
END
$$;

-- What a fleet of workers needs beyond one process: a record of the live worker processes, and a catch-up
-- policy per schedule.

-- Ticks missed while no worker ran (all were down across a tick): 'once' fires the latest missed tick once when a
-- worker comes back; 'skip' fires nothing late and logs what it skipped. Schedules made before keep 'once'.
ALTER TABLE kinerja.schedules ADD COLUMN catch_up text NOT NULL DEFAULT 'once' CHECK (catch_up IN ('once', 'skip'));

-- Worker processes, one row each, refreshed by its fetcher with every heartbeat (about once a second); a row not
-- seen for a while is a worker that died. `kinerja doctor` names running jobs whose worker is not alive, or alive
-- without a thread that can run them. Few rows, updated in place: room for HOT updates.
CREATE TABLE kinerja.workers (
    -- host:pid:name, as in jobs.lease_owner.
    owner       text PRIMARY KEY,
    -- Queues served; NULL serves all.
    queues      text[],
    -- Job kinds it has handlers for.
    kinds       text[]      NOT NULL,
    concurrency integer     NOT NULL,
    -- Worker threads with a working connection now.
    connected   integer     NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    seen_at     timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 50);
GRANT SELECT, INSERT, UPDATE, DELETE ON kinerja.workers TO kinerja_worker;
-- Producers read it too: `enqueue --wait` says when no live worker serves the job's queue.
GRANT SELECT ON kinerja.workers TO kinerja_operator, kinerja_monitor, kinerja_producer;

-- Operators: add or replace a schedule. Its job is checked as a producer's would be (the cron fires it as a
-- worker, so an unchecked schedule would be a way around submit_job).
CREATE FUNCTION kinerja.put_schedule(
    p_name text, p_cron text, p_timezone text, p_kind text, p_queue text, p_args jsonb, p_priority integer,
    p_max_attempts integer, p_catch_up text DEFAULT 'once'
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM kinerja.check_job(p_kind, p_args, p_queue, p_priority, NULL, p_max_attempts, NULL);
    IF p_kind IN ('import_rka', 'import_kinerja') THEN
        RAISE EXCEPTION 'an import cannot be scheduled: its upload is used once' USING ERRCODE = '22023';
    END IF;
    INSERT INTO kinerja.schedules (name, cron, timezone, kind, queue, args, priority, max_attempts, catch_up)
    VALUES (p_name, p_cron, p_timezone, p_kind, p_queue, p_args, p_priority, p_max_attempts, p_catch_up)
    ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, timezone = excluded.timezone, kind = excluded.kind,
        queue = excluded.queue, args = excluded.args, priority = excluded.priority,
        max_attempts = excluded.max_attempts, catch_up = excluded.catch_up, enabled = true;
END
$$;
REVOKE ALL ON FUNCTION kinerja.put_schedule(text, text, text, text, text, jsonb, integer, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kinerja.put_schedule(text, text, text, text, text, jsonb, integer, integer, text)
    TO kinerja_operator;

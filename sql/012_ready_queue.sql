-- Queue storage that an old snapshot cannot slow down.
--
-- Until now a claim walked the partial index of waiting jobs in kinerja.jobs from its front. Every claim and
-- completion leaves a dead row version and a dead index entry behind; while any snapshot older than them is open
-- (a BI dashboard, pg_dump, a long import) vacuum may not remove them, and each claim walked past all of them: the
-- queue slowed from 14,000 to 1,800 jobs/s in four runs under one pinned snapshot.
--
-- Now the jobs a worker may claim are listed in kinerja.ready, a small insert-only table: a row per job that is
-- available now. A claim deletes the rows it takes and marks their jobs running (kinerja.jobs is still updated by
-- primary key, which costs the same however many dead versions other jobs left). Two things keep the claim's cost
-- flat:
-- * Rows go into one of eight slots (LIST partitions) by the second they were written; a slot that is no longer
--   written to and holds no live row is emptied with TRUNCATE (kinerja.recycle_ready), which reclaims its dead rows
--   at once: TRUNCATE does not wait for old snapshots as vacuum does.
-- * A worker remembers the position (priority, run_at, job_id) of its last claim and starts the next one there,
--   not at the front of the index where the dead entries of its earlier claims lie; now and then it starts from the
--   front again, for jobs that committed late or outrank the position.
--
-- Jobs that wait (scheduled, or retryable with a backoff) have no ready row: the worker moves them to `available`
-- when due (a partial index on run_at), and the trigger below lists them then. So a million jobs scheduled for next
-- year cost a claim nothing, and neither do the jobs of a paused queue, whose rows pause_queue removes and
-- resume_queue puts back.

CREATE FUNCTION kinerja.ready_slot() RETURNS smallint
LANGUAGE sql VOLATILE
-- No SET clause: the function is inlined into the default of every ready row.
AS $$ SELECT (floor(extract(epoch FROM clock_timestamp()))::bigint % 8)::smallint $$;

CREATE TABLE kinerja.ready (
    slot     smallint    NOT NULL DEFAULT kinerja.ready_slot(),
    job_id   bigint      NOT NULL,
    queue    text        NOT NULL,
    kind     text        NOT NULL,
    priority smallint    NOT NULL,
    run_at   timestamptz NOT NULL
) PARTITION BY LIST (slot);

DO $$
BEGIN
    FOR s IN 0..7 LOOP
        EXECUTE format(
            'CREATE TABLE kinerja.ready_%s PARTITION OF kinerja.ready FOR VALUES IN (%s) '
            'WITH (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_cost_delay = 1)', s, s);
    END LOOP;
END
$$;

-- The claim's order, and its remembered position as an index condition.
CREATE INDEX ready_claim_idx ON kinerja.ready (priority, run_at, job_id);

-- Jobs inserted available are listed in one statement per insert (a COPY of 50,000 jobs too), unless their queue
-- is paused. SECURITY DEFINER: the roles that insert jobs need no right on kinerja.ready.
CREATE FUNCTION kinerja.list_inserted_jobs() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO kinerja.ready (job_id, queue, kind, priority, run_at)
    SELECT n.id, n.queue, n.kind, n.priority, n.run_at FROM inserted_jobs n
    WHERE n.state = 'available'
      AND NOT EXISTS (SELECT 1 FROM kinerja.queues q WHERE q.name = n.queue AND q.paused);
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_list_inserted AFTER INSERT ON kinerja.jobs
    REFERENCING NEW TABLE AS inserted_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION kinerja.list_inserted_jobs();

-- A job that becomes available by an update (a due scheduled job, a retry, a hand-back, an operator's retry) is
-- listed too. The WHEN clause is checked without calling the function, so claims and completions pay nothing.
CREATE FUNCTION kinerja.list_available_job() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM kinerja.queues q WHERE q.name = NEW.queue AND q.paused) THEN
        INSERT INTO kinerja.ready (job_id, queue, kind, priority, run_at)
        VALUES (NEW.id, NEW.queue, NEW.kind, NEW.priority, NEW.run_at);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_list_available AFTER UPDATE OF state ON kinerja.jobs
    FOR EACH ROW WHEN (NEW.state = 'available' AND OLD.state IS DISTINCT FROM 'available')
    EXECUTE FUNCTION kinerja.list_available_job();

-- Empties a slot that is not being written and holds no live row, reclaiming its dead rows at once. Returns whether
-- it did. The look without a lock skips busy slots cheaply; the look under the lock is the one that counts (no
-- writer can be mid-insert while we hold ACCESS EXCLUSIVE). A slot in use by a long reader (pg_dump) is left for
-- later rather than waited for: claims would queue behind our lock request.
CREATE FUNCTION kinerja.recycle_ready(p_slot integer) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_rel regclass;
    v_busy boolean;
BEGIN
    IF p_slot NOT BETWEEN 0 AND 7 OR p_slot = kinerja.ready_slot() THEN
        RETURN false;
    END IF;
    v_rel := format('kinerja.ready_%s', p_slot)::regclass;
    IF pg_relation_size(v_rel) < 65536 THEN
        RETURN false;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', v_rel) INTO v_busy;
    IF v_busy THEN
        RETURN false;
    END IF;
    PERFORM set_config('lock_timeout', '20ms', true);
    EXECUTE format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE', v_rel);
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', v_rel) INTO v_busy;
    IF v_busy THEN
        RETURN false;
    END IF;
    EXECUTE format('TRUNCATE %s', v_rel);
    RETURN true;
EXCEPTION WHEN lock_not_available THEN
    RETURN false;
END
$$;

-- Waiting jobs, by when they are due: the worker's look-up of jobs to make available. The old claim index goes:
-- claims read kinerja.ready now.
CREATE INDEX jobs_waiting_idx ON kinerja.jobs (run_at) WHERE state IN ('scheduled', 'retryable');
DROP INDEX kinerja.jobs_claim_idx;

-- Jobs available before the upgrade are listed, as if just inserted.
INSERT INTO kinerja.ready (job_id, queue, kind, priority, run_at)
SELECT j.id, j.queue, j.kind, j.priority, j.run_at FROM kinerja.jobs j
WHERE j.state = 'available'
  AND NOT EXISTS (SELECT 1 FROM kinerja.queues q WHERE q.name = j.queue AND q.paused);

-- Pausing a queue takes its jobs off the list; resuming puts the available ones back (only if it was paused, so a
-- second resume lists nothing twice). A job listed twice would still run once: a claim takes a job only while it is
-- available.
CREATE OR REPLACE FUNCTION kinerja.pause_queue(p_queue text) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO kinerja.queues (name, paused, paused_at) VALUES (p_queue, true, now())
    ON CONFLICT (name) DO UPDATE SET paused = true, paused_at = now(), updated_at = now();
    DELETE FROM kinerja.ready WHERE queue = p_queue;
$$;

CREATE OR REPLACE FUNCTION kinerja.resume_queue(p_queue text) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    WITH resumed AS (
        UPDATE kinerja.queues SET paused = false, paused_at = NULL, updated_at = now()
        WHERE name = p_queue AND paused
        RETURNING name
    )
    INSERT INTO kinerja.ready (job_id, queue, kind, priority, run_at)
    SELECT j.id, j.queue, j.kind, j.priority, j.run_at FROM kinerja.jobs j JOIN resumed ON j.queue = resumed.name
    WHERE j.state = 'available';
    SELECT pg_notify('kinerja_jobs', p_queue);
$$;

REVOKE ALL ON FUNCTION kinerja.recycle_ready(integer), kinerja.list_inserted_jobs(), kinerja.list_available_job()
    FROM PUBLIC;
-- Workers claim (a claim locks and deletes ready rows) and recycle slots; they cannot empty a slot that holds work.
GRANT SELECT, UPDATE, DELETE ON kinerja.ready TO kinerja_worker;
GRANT EXECUTE ON FUNCTION kinerja.recycle_ready(integer) TO kinerja_worker;
GRANT EXECUTE ON FUNCTION kinerja.ready_slot() TO kinerja_worker;
-- Operators see the list (doctor), and nothing else of it.
GRANT SELECT ON kinerja.ready TO kinerja_operator;

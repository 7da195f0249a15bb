-- An available job that leaves kinerja.jobs by a DELETE (an owner's hand, a script) or leaves the available state
-- for a final one (an operator's cancel, a discard) takes its ready row with it. Before, the row stayed until a claim
-- of its queue met and dropped it; in a queue no worker serves, none ever did, and more than 2 000 such rows kept their
-- ready slot from being emptied (sql/018), so the dead rows of every claim made from that slot stayed behind them and
-- claims from the front of the list walked them at each rewind (measured before: 120 000 rows of jobs deleted by hand
-- in unserved queues, an idle worker's p99 6.5 -> 47 ms over ten minutes with a snapshot held).
--
-- The ready row is found by the key it was listed with (queue, priority, run_at, job_id: the claim index of each
-- slot); a job whose priority or run_at was changed by hand while available keeps its row until a claim drops it, as
-- before. The WHEN clauses are checked without calling the function: claims (available -> running), completions and
-- the history's own delete of finished rows pay nothing (bench queue alternating with the triggers enabled and
-- disabled: 46.6 / 46.1 / 50.7 k jobs/s against 45.5 / 47.2 / 47.9 k). A hand-made DELETE of 100 000 available jobs
-- takes 2.0 s instead of 0.06 s (a look into each of the eight slots per job).
CREATE FUNCTION kinerja.unlist_removed_job() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
    DELETE FROM kinerja.ready r
    WHERE r.queue = OLD.queue AND r.priority = OLD.priority AND r.run_at = OLD.run_at AND r.job_id = OLD.id;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION kinerja.unlist_removed_job() FROM PUBLIC;

CREATE TRIGGER jobs_unlist_deleted AFTER DELETE ON kinerja.jobs
    FOR EACH ROW WHEN (OLD.state = 'available')
    EXECUTE FUNCTION kinerja.unlist_removed_job();

CREATE TRIGGER jobs_unlist_finished AFTER UPDATE OF state ON kinerja.jobs
    FOR EACH ROW WHEN (OLD.state = 'available' AND NEW.state IN ('completed', 'cancelled', 'discarded'))
    EXECUTE FUNCTION kinerja.unlist_removed_job();

-- The rows such jobs left behind before this file, once.
DELETE FROM kinerja.ready r
WHERE NOT EXISTS (SELECT 1 FROM kinerja.jobs j WHERE j.id = r.job_id AND j.state = 'available');

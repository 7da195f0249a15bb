-- Least-privilege group roles (NOLOGIN). A site grants them to its login roles:
--   GRANT kinerja_producer TO cron_user;  GRANT kinerja_worker TO worker_user;  GRANT kinerja_reader TO bi_user;
-- kinerja_reader:   reads the result views, nothing else (not the jobs, their arguments or the uploads).
-- kinerja_producer: enqueues jobs and uploads files; sees the state of jobs but not their arguments, errors or
--                   results, nor anyone's uploaded bytes.
-- kinerja_worker:   runs jobs: reads and writes the queue and the domain tables.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kinerja_reader') THEN
        CREATE ROLE kinerja_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kinerja_producer') THEN
        CREATE ROLE kinerja_producer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kinerja_worker') THEN
        CREATE ROLE kinerja_worker NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA kinerja TO kinerja_reader, kinerja_producer, kinerja_worker;

-- Views run with their owner's rights, so readers need no grant on the tables behind them.
GRANT SELECT ON kinerja.v_capaian, kinerja.v_capaian_sasaran, kinerja.v_penyerapan, kinerja.v_temuan,
    kinerja.v_queue TO kinerja_reader;

GRANT SELECT (id, kind, queue, state, priority, attempt, max_attempts, run_at, created_at, attempted_at,
              finished_at, unique_key, progress_done, progress_total, cancel_requested)
    ON kinerja.jobs TO kinerja_producer;
GRANT INSERT (kind, queue, priority, args, run_at, state, max_attempts, unique_key, timeout_seconds)
    ON kinerja.jobs TO kinerja_producer;
GRANT SELECT (id, sha256, file_name, size_bytes, created_at), INSERT (sha256, file_name, size_bytes),
    UPDATE (sha256, size_bytes) ON kinerja.uploads TO kinerja_producer;
GRANT INSERT ON kinerja.upload_chunks TO kinerja_producer;
GRANT SELECT ON kinerja.queues, kinerja.v_queue TO kinerja_producer;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA kinerja TO kinerja_worker;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA kinerja TO kinerja_worker;

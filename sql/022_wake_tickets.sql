-- One enqueued job wakes one worker process, not every process serving its queue.
--
-- Every worker process listens on kinerja_jobs, and a notification naming a queue makes each process serving it run
-- a claim: in a fleet of 200 processes one job cost 200 claims, 199 of them empty. A payload `QUEUE TICKET HOPS
-- KIND` now wakes the one process the ticket picks among the live workers serving the queue and running the kind
-- (kinerja.workers; a process with no free thread passes the ticket on). submit_job sends one for a single job; a batch still names only the
-- queue, which wakes every process serving it. Nothing else changes: this is submit_job of sql/014 with its last
-- statement changed (sql/015 and sql/016 wrap check_job, not submit_job).
CREATE OR REPLACE FUNCTION kinerja.submit_job(
    p_kind text, p_args jsonb, p_queue text DEFAULT 'default', p_priority integer DEFAULT 0,
    p_run_at timestamptz DEFAULT NULL, p_max_attempts integer DEFAULT 5, p_unique_key text DEFAULT NULL,
    p_timeout_seconds integer DEFAULT NULL, p_count integer DEFAULT 1
) RETURNS TABLE (job_id bigint, existing boolean)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_upload bigint;
    v_id bigint;
    v_run_at timestamptz := greatest(coalesce(p_run_at, now()), now());
    v_state text := CASE WHEN p_run_at > now() THEN 'scheduled' ELSE 'available' END;
BEGIN
    PERFORM kinerja.check_job(p_kind, p_args, p_queue, p_priority, p_run_at, p_max_attempts, p_timeout_seconds);
    IF p_unique_key IS NOT NULL AND (p_unique_key LIKE 'kinerja:%' OR length(p_unique_key) NOT BETWEEN 1 AND 200) THEN
        RAISE EXCEPTION 'unique key "%" is not allowed: keys starting with "kinerja:" are the system''s, and a key has 1 to 200 characters',
            left(p_unique_key, 40) USING ERRCODE = '42501';
    END IF;
    IF p_count IS NULL OR p_count NOT BETWEEN 1 AND 100000
        OR p_count > 1 AND (p_unique_key IS NOT NULL OR p_kind IN ('import_rka', 'import_kinerja', 'import_narasi')) THEN
        RAISE EXCEPTION 'count must be 1 to 100000, and 1 with a unique key or an import' USING ERRCODE = '22023';
    END IF;
    IF p_kind IN ('import_rka', 'import_kinerja', 'import_narasi') THEN
        v_upload := (p_args ->> 'upload_id')::bigint;
        UPDATE kinerja.uploads u SET sealed = true
        WHERE u.id = v_upload AND u.created_by = session_user::text AND NOT u.sealed
          AND u.sha256 = p_args ->> 'sha256'
          AND u.size_bytes = coalesce((p_args ->> 'size_bytes')::bigint, u.size_bytes);
        IF NOT FOUND THEN
            RAISE EXCEPTION 'upload % is not an unsealed upload of yours with that SHA-256 and size', v_upload
                USING ERRCODE = '42501';
        END IF;
    END IF;
    IF p_unique_key IS NULL THEN
        RETURN QUERY
        INSERT INTO kinerja.jobs AS j (kind, queue, priority, args, run_at, state, max_attempts, timeout_seconds)
        SELECT p_kind, p_queue, p_priority, p_args, v_run_at, v_state, p_max_attempts, p_timeout_seconds
        FROM generate_series(1, p_count)
        RETURNING j.id, false;
    ELSE
        -- A key that matched a job which finished between the insert and the look-up: try again.
        FOR try_no IN 1..5 LOOP
            INSERT INTO kinerja.jobs AS j (kind, queue, priority, args, run_at, state, max_attempts, unique_key,
                                           timeout_seconds)
            VALUES (p_kind, p_queue, p_priority, p_args, v_run_at, v_state, p_max_attempts, p_unique_key,
                    p_timeout_seconds)
            ON CONFLICT (unique_key)
                WHERE unique_key IS NOT NULL AND state IN ('available', 'scheduled', 'running', 'retryable')
                DO NOTHING
            RETURNING j.id INTO v_id;
            IF v_id IS NOT NULL THEN
                job_id := v_id;
                existing := false;
                RETURN NEXT;
                EXIT;
            END IF;
            SELECT j.id INTO v_id FROM kinerja.jobs j
            WHERE j.unique_key = p_unique_key AND j.state IN ('available', 'scheduled', 'running', 'retryable');
            IF v_id IS NOT NULL THEN
                job_id := v_id;
                existing := true;
                RETURN NEXT;
                RETURN;
            END IF;
        END LOOP;
        IF v_id IS NULL THEN
            RAISE EXCEPTION 'unique key kept changing hands' USING ERRCODE = '40001';
        END IF;
    END IF;
    -- One job wakes one worker process serving its queue (a ticket, as Producer.enqueue sends); a batch wakes them
    -- all.
    PERFORM pg_notify('kinerja_jobs',
        CASE WHEN p_count = 1 THEN p_queue || ' ' || (random() * 1e9)::bigint || ' 0 ' || p_kind ELSE p_queue END);
END
$$;

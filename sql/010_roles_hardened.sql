-- Roles that are safe to hand out as they are. Until now a producer inserted rows into kinerja.jobs itself (any
-- kind, any arguments, any unique key), wrote into any upload, and a NOTIFY from anyone could stop a running job.
-- From here on (threat model and attack tests: README "Roles", Tests/HandlersTests/RoleAttackTests.swift):
--
-- * Producers enqueue only through kinerja.submit_job, which checks the kind (imports, recompute, report, noop;
--   never an internal kind such as purge_lines), the arguments' shape, the queue name, run_at, priority, attempts
--   and timeout, and keeps unique keys starting with 'kinerja:' for the system's own follow-ups and cron ticks.
-- * Uploads belong to the login role that made them (created_by = session_user) and are sealed by the
--   submit_job call that enqueues their import: row-level security lets a producer see and write only its own
--   unsealed uploads. The worker checks the bytes it reads against the job's SHA-256 and the sealed size.
-- * Operators (kinerja_operator) cancel, retry, pause, resume and keep schedules, through functions (put_schedule
--   comes in 011, with the catch-up policy); only they may set a job's cancel flag. A worker stops a job when its row says so; a NOTIFY is only a hint to look.
-- * Producers follow their own jobs through kinerja.v_jobs (every column of the jobs they created).
-- * Workers no longer write the migration history.
-- The functions run with their owner's rights (SECURITY DEFINER) and a pinned search_path, and no role but the
-- ones named here may execute them. A function's caller is session_user: the login role, which a SECURITY
-- DEFINER function still sees (current_user there is the owner).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kinerja_operator') THEN
        CREATE ROLE kinerja_operator NOLOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA kinerja TO kinerja_operator;

-- Who enqueued a job: a producer sees every column of its own jobs and nothing of anyone else's. A default that is
-- not volatile is stored once for the existing rows, without rewriting the table.
ALTER TABLE kinerja.jobs ADD COLUMN created_by text NOT NULL DEFAULT session_user::text;

-- Uploads: created_by (from 003) becomes the login role, not the role set with SET ROLE; sealed once a job uses
-- the upload. Every upload stored before now belongs to a job already, or to none: sealed.
ALTER TABLE kinerja.uploads ALTER COLUMN created_by SET DEFAULT session_user::text,
    ADD COLUMN sealed boolean NOT NULL DEFAULT false;
UPDATE kinerja.uploads SET sealed = true;

-- The policies below read these columns as the producer.
GRANT SELECT (created_by, sealed) ON kinerja.uploads TO kinerja_producer;
ALTER TABLE kinerja.uploads ENABLE ROW LEVEL SECURITY;
CREATE POLICY uploads_own_unsealed ON kinerja.uploads TO kinerja_producer
    USING (created_by = session_user::text AND NOT sealed)
    WITH CHECK (created_by = session_user::text AND NOT sealed);
CREATE POLICY uploads_worker ON kinerja.uploads TO kinerja_worker USING (true) WITH CHECK (true);

ALTER TABLE kinerja.upload_chunks ENABLE ROW LEVEL SECURITY;
CREATE POLICY upload_chunks_own_unsealed ON kinerja.upload_chunks FOR INSERT TO kinerja_producer
    WITH CHECK (EXISTS (
        SELECT 1 FROM kinerja.uploads u
        WHERE u.id = upload_id AND u.created_by = session_user::text AND NOT u.sealed));
CREATE POLICY upload_chunks_worker ON kinerja.upload_chunks TO kinerja_worker USING (true) WITH CHECK (true);

-- The producer no longer inserts jobs itself.
REVOKE INSERT ON kinerja.jobs FROM kinerja_producer;

-- Checks a job a producer or an operator's schedule asks for; raises 42501 (not allowed) or 22023 (bad value).
CREATE FUNCTION kinerja.check_job(
    p_kind text, p_args jsonb, p_queue text, p_priority integer, p_run_at timestamptz, p_max_attempts integer,
    p_timeout_seconds integer
) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    allowed text[];
    required text[];
    k text;
BEGIN
    CASE p_kind
    WHEN 'import_rka', 'import_kinerja' THEN
        allowed := ARRAY['upload_id', 'file_name', 'sha256', 'size_bytes', 'tahun', 'kode_opd', 'versi', 'sheet'];
        required := ARRAY['upload_id', 'file_name', 'sha256'];
    WHEN 'recompute_capaian' THEN
        allowed := ARRAY['tahun', 'kode_opd'];
        required := ARRAY['tahun'];
    WHEN 'produce_report' THEN
        allowed := ARRAY['tahun', 'kode_opd', 'format'];
        required := ARRAY['tahun', 'kode_opd'];
    WHEN 'noop' THEN
        allowed := ARRAY['sleep_ms'];
        required := ARRAY[]::text[];
    ELSE
        RAISE EXCEPTION 'job kind "%" cannot be enqueued here: producers may enqueue import_rka, import_kinerja, recompute_capaian, produce_report and noop',
            p_kind USING ERRCODE = '42501';
    END CASE;
    IF p_args IS NULL OR jsonb_typeof(p_args) <> 'object' THEN
        RAISE EXCEPTION 'arguments of % must be a JSON object', p_kind USING ERRCODE = '22023';
    END IF;
    IF octet_length(p_args::text) > 16384 THEN
        RAISE EXCEPTION 'arguments of % are larger than 16 kB', p_kind USING ERRCODE = '22023';
    END IF;
    FOR k IN SELECT jsonb_object_keys(p_args) LOOP
        IF NOT k = ANY (allowed) THEN
            RAISE EXCEPTION 'argument "%" is not one of %''s (%)', k, p_kind, array_to_string(allowed, ', ')
                USING ERRCODE = '22023';
        END IF;
    END LOOP;
    FOREACH k IN ARRAY required LOOP
        IF jsonb_typeof(p_args -> k) IS DISTINCT FROM (CASE WHEN k IN ('upload_id', 'tahun') THEN 'number' ELSE 'string' END) THEN
            RAISE EXCEPTION 'argument "%" of % is missing or of the wrong type', k, p_kind USING ERRCODE = '22023';
        END IF;
    END LOOP;
    -- Optional arguments: absent, JSON null, or of their type and range.
    IF p_args ? 'tahun' AND jsonb_typeof(p_args -> 'tahun') <> 'null' AND NOT (
        jsonb_typeof(p_args -> 'tahun') = 'number' AND (p_args ->> 'tahun') ~ '^[0-9]{4}$'
        AND (p_args ->> 'tahun')::int BETWEEN 1990 AND 2200) THEN
        RAISE EXCEPTION 'argument "tahun" of % must be a year between 1990 and 2200', p_kind USING ERRCODE = '22023';
    END IF;
    IF p_args ? 'upload_id' AND NOT (p_args ->> 'upload_id') ~ '^[0-9]{1,18}$' THEN
        RAISE EXCEPTION 'argument "upload_id" of % must be an upload id', p_kind USING ERRCODE = '22023';
    END IF;
    IF p_args ? 'size_bytes' AND NOT (p_args ->> 'size_bytes') ~ '^[0-9]{1,15}$' THEN
        RAISE EXCEPTION 'argument "size_bytes" of % must be a byte count', p_kind USING ERRCODE = '22023';
    END IF;
    IF p_args ? 'sha256' AND NOT (p_args ->> 'sha256') ~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'argument "sha256" of % must be 64 lowercase hex digits', p_kind USING ERRCODE = '22023';
    END IF;
    FOREACH k IN ARRAY ARRAY['file_name', 'kode_opd', 'sheet', 'versi', 'format'] LOOP
        IF p_args ? k AND jsonb_typeof(p_args -> k) <> 'null' AND NOT (
            jsonb_typeof(p_args -> k) = 'string' AND length(p_args ->> k) BETWEEN 1 AND 255) THEN
            RAISE EXCEPTION 'argument "%" of % must be text of 1 to 255 characters', k, p_kind USING ERRCODE = '22023';
        END IF;
    END LOOP;
    IF coalesce(p_args ->> 'versi', 'murni') NOT IN ('murni', 'pergeseran', 'perubahan') THEN
        RAISE EXCEPTION 'argument "versi" of % must be murni, pergeseran or perubahan', p_kind USING ERRCODE = '22023';
    END IF;
    IF coalesce(p_args ->> 'format', 'html') NOT IN ('html', 'md', 'json', 'csv') THEN
        RAISE EXCEPTION 'argument "format" of % must be html, md, json or csv', p_kind USING ERRCODE = '22023';
    END IF;
    IF p_args ? 'sleep_ms' AND jsonb_typeof(p_args -> 'sleep_ms') <> 'null' AND NOT (
        (p_args ->> 'sleep_ms') ~ '^[0-9]{1,7}$' AND (p_args ->> 'sleep_ms')::int <= 3600000) THEN
        RAISE EXCEPTION 'argument "sleep_ms" of noop must be 0 to 3600000' USING ERRCODE = '22023';
    END IF;
    IF p_queue IS NULL OR p_queue !~ '^[A-Za-z0-9_.:-]{1,63}$' THEN
        RAISE EXCEPTION 'queue name must be 1 to 63 letters, digits or _ . : -' USING ERRCODE = '22023';
    END IF;
    IF p_priority IS NULL OR p_priority NOT BETWEEN -100 AND 100 THEN
        RAISE EXCEPTION 'priority must be between -100 and 100' USING ERRCODE = '22023';
    END IF;
    IF p_run_at IS NOT NULL AND (p_run_at > now() + interval '1 year' OR p_run_at = '-infinity') THEN
        RAISE EXCEPTION 'run_at must be within a year from now' USING ERRCODE = '22023';
    END IF;
    IF p_max_attempts IS NULL OR p_max_attempts NOT BETWEEN 1 AND 25 THEN
        RAISE EXCEPTION 'max_attempts must be between 1 and 25' USING ERRCODE = '22023';
    END IF;
    IF p_timeout_seconds IS NOT NULL AND p_timeout_seconds NOT BETWEEN 1 AND 86400 THEN
        RAISE EXCEPTION 'timeout_seconds must be between 1 and 86400' USING ERRCODE = '22023';
    END IF;
END
$$;

-- The producers' enqueue: checks the job (check_job), refuses unique keys in the system's namespace ('kinerja:'),
-- seals the upload an import names (it must be the caller's own, unsealed, with the SHA-256 the arguments give),
-- inserts the job (or `p_count` of them, without a unique key) and wakes the workers. Returns the job ids, with
-- existing = true when a unique key matched an unfinished job.
CREATE FUNCTION kinerja.submit_job(
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
        OR p_count > 1 AND (p_unique_key IS NOT NULL OR p_kind IN ('import_rka', 'import_kinerja')) THEN
        RAISE EXCEPTION 'count must be 1 to 100000, and 1 with a unique key or an import' USING ERRCODE = '22023';
    END IF;
    IF p_kind IN ('import_rka', 'import_kinerja') THEN
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
    PERFORM pg_notify('kinerja_jobs', p_queue);
END
$$;

-- Every column of the jobs a role may see: its own (created_by is its login role), or all of them for operators,
-- workers and the schema's owner. security_barrier keeps a caller's function from seeing rows it may not.
CREATE FUNCTION kinerja.sees_all_jobs() RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_has_role(current_user, 'kinerja_operator', 'USAGE')
        OR pg_has_role(current_user, 'kinerja_worker', 'USAGE')
        OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'kinerja.jobs'::regclass), 'USAGE')
$$;

CREATE VIEW kinerja.v_jobs WITH (security_barrier) AS
SELECT j.id, j.kind, j.queue, j.state, j.priority, j.attempt, j.max_attempts, j.args, j.run_at, j.created_at,
       j.attempted_at, j.finished_at, j.errors, j.result, j.progress_done, j.progress_total, j.unique_key,
       j.lease_owner, j.lease_expires_at, j.cancel_requested, j.timeout_seconds, j.created_by
FROM kinerja.jobs j
WHERE j.created_by = session_user::text OR (SELECT kinerja.sees_all_jobs());

-- Operators: cancel. Waiting jobs are cancelled at once; running ones get the flag, which their worker reads at
-- its next heartbeat (the NOTIFY makes that heartbeat come now). Outcome per id: cancelled, requested, or
-- not_cancellable (finished, or no such job).
CREATE FUNCTION kinerja.cancel_jobs(p_ids bigint[]) RETURNS TABLE (job_id bigint, outcome text)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    WITH waiting AS (
        UPDATE kinerja.jobs j SET state = 'cancelled', finished_at = now(), cancel_requested = true
        WHERE j.id = ANY (p_ids) AND j.state IN ('available', 'scheduled', 'retryable')
        RETURNING j.id
    ), running AS (
        UPDATE kinerja.jobs j SET cancel_requested = true
        WHERE j.id = ANY (p_ids) AND j.state = 'running'
        RETURNING j.id, pg_notify('kinerja_cancel', j.id::text)
    )
    SELECT i, CASE WHEN i IN (SELECT id FROM waiting) THEN 'cancelled'
                   WHEN i IN (SELECT id FROM running) THEN 'requested'
                   ELSE 'not_cancellable' END
    FROM (SELECT DISTINCT unnest(p_ids) AS i) ids;
END
$$;

-- Operators: makes failed, discarded or cancelled jobs available now with fresh attempts: those in p_ids, or
-- (p_ids null) those matching the state, kind and queue filters. Returns their ids.
CREATE FUNCTION kinerja.retry_jobs(
    p_ids bigint[], p_states text[] DEFAULT NULL, p_kind text DEFAULT NULL, p_queue text DEFAULT NULL
) RETURNS SETOF bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    RETURN QUERY
    UPDATE kinerja.jobs j
    SET state = 'available', run_at = now(), attempt = 0, finished_at = NULL, cancel_requested = false
    WHERE j.state IN ('discarded', 'cancelled', 'retryable')
      AND (p_ids IS NULL OR j.id = ANY (p_ids))
      AND (p_states IS NULL OR j.state = ANY (p_states)) AND (p_kind IS NULL OR j.kind = p_kind)
      AND (p_queue IS NULL OR j.queue = p_queue)
    RETURNING j.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN PERFORM pg_notify('kinerja_jobs', '*'); END IF;
END
$$;

-- Operators: pause and resume a queue.
CREATE FUNCTION kinerja.pause_queue(p_queue text) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO kinerja.queues (name, paused, paused_at) VALUES (p_queue, true, now())
    ON CONFLICT (name) DO UPDATE SET paused = true, paused_at = now(), updated_at = now();
$$;

CREATE FUNCTION kinerja.resume_queue(p_queue text) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE kinerja.queues SET paused = false, paused_at = NULL, updated_at = now() WHERE name = p_queue;
    SELECT pg_notify('kinerja_jobs', p_queue);
$$;

CREATE FUNCTION kinerja.remove_schedule(p_name text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM kinerja.schedules WHERE name = p_name;
    RETURN FOUND;
END
$$;

-- Functions are executable by PUBLIC unless revoked.
REVOKE ALL ON FUNCTION kinerja.check_job(text, jsonb, text, integer, timestamptz, integer, integer),
    kinerja.submit_job(text, jsonb, text, integer, timestamptz, integer, text, integer, integer),
    kinerja.sees_all_jobs(), kinerja.cancel_jobs(bigint[]), kinerja.retry_jobs(bigint[], text[], text, text),
    kinerja.pause_queue(text), kinerja.resume_queue(text), kinerja.remove_schedule(text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kinerja.submit_job(text, jsonb, text, integer, timestamptz, integer, text, integer, integer)
    TO kinerja_producer, kinerja_operator, kinerja_worker;
GRANT EXECUTE ON FUNCTION kinerja.sees_all_jobs() TO kinerja_producer, kinerja_operator, kinerja_worker;
GRANT EXECUTE ON FUNCTION kinerja.cancel_jobs(bigint[]), kinerja.retry_jobs(bigint[], text[], text, text),
    kinerja.pause_queue(text), kinerja.resume_queue(text), kinerja.remove_schedule(text)
    TO kinerja_operator;
GRANT SELECT ON kinerja.v_jobs TO kinerja_producer, kinerja_operator, kinerja_worker;

-- Operators read the whole queue (jobs list/show, queue stats, doctor) and change it only through the functions.
GRANT SELECT ON kinerja.jobs, kinerja.queues, kinerja.schedules, kinerja.job_counters, kinerja.v_queue,
    kinerja.v_metrics_queue, kinerja.v_metrics_counters, kinerja.v_metrics_leases, kinerja.v_metrics_latency
    TO kinerja_operator;

-- Workers run jobs; the migration history is the migrator's.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kinerja.schema_migrations FROM kinerja_worker;

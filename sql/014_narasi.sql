-- Narasi: the text an OPD writes for its LKIP's BAB I (Pendahuluan) and BAB IV (Penutup), and the signature block,
-- imported by an `import_narasi` job from a Markdown file and kept per (tahun, OPD); the latest import wins.
CREATE TABLE kinerja.narasi (
    tahun      int  NOT NULL,
    kode_opd   text NOT NULL,
    -- The parsed narrative (Kinerja's `Narasi` as JSON): what the report prints.
    dokumen    jsonb NOT NULL,
    file_name  text NOT NULL,
    job_id     bigint,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tahun, kode_opd)
);

-- Workers write it (the import) and read it (the report); operators may read it.
GRANT SELECT, INSERT, UPDATE ON kinerja.narasi TO kinerja_worker;
GRANT SELECT ON kinerja.narasi TO kinerja_operator;

-- Producers may enqueue import_narasi with an upload, like the other imports: the same checks, the upload sealed.
CREATE OR REPLACE FUNCTION kinerja.check_job(
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
    WHEN 'import_rka', 'import_kinerja', 'import_narasi' THEN
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
        RAISE EXCEPTION 'job kind "%" cannot be enqueued here: producers may enqueue import_rka, import_kinerja, import_narasi, recompute_capaian, produce_report and noop',
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
    PERFORM pg_notify('kinerja_jobs', p_queue);
END
$$;

-- Nothing that names an upload can be scheduled: the cron enqueues as the worker, past submit_job's sealing.
CREATE OR REPLACE FUNCTION kinerja.put_schedule(
    p_name text, p_cron text, p_timezone text, p_kind text, p_queue text, p_args jsonb, p_priority integer,
    p_max_attempts integer, p_catch_up text DEFAULT 'once'
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM kinerja.check_job(p_kind, p_args, p_queue, p_priority, NULL, p_max_attempts, NULL);
    IF p_kind IN ('import_rka', 'import_kinerja', 'import_narasi') OR p_args ? 'upload_id' THEN
        RAISE EXCEPTION 'an import cannot be scheduled: its upload is used once' USING ERRCODE = '22023';
    END IF;
    INSERT INTO kinerja.schedules (name, cron, timezone, kind, queue, args, priority, max_attempts, catch_up)
    VALUES (p_name, p_cron, p_timezone, p_kind, p_queue, p_args, p_priority, p_max_attempts, p_catch_up)
    ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, timezone = excluded.timezone, kind = excluded.kind,
        queue = excluded.queue, args = excluded.args, priority = excluded.priority,
        max_attempts = excluded.max_attempts, catch_up = excluded.catch_up, enabled = true;
END
$$;

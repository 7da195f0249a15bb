-- Whole-government budget exports: one import_rka job writes one kinerja.imports row per (tahun, OPD, versi) the
-- file holds. Each row records a digest of what the import stored for its scope (the lines without their row
-- numbers, their contexts, the OPD's name and the findings), so a re-export in which a scope did not change keeps
-- that scope's earlier import: nothing replaced, no recompute. Rows from before this file have no digest and are
-- replaced as before.
ALTER TABLE kinerja.imports ADD COLUMN content_sha256 text CHECK (content_sha256 ~ '^[0-9a-f]{64}$');
CREATE INDEX imports_job_idx ON kinerja.imports (job_id);

-- The producer's "same file again" check keys a budget file by the (tahun, OPD) of its first line. A job now
-- carries that scope in args.file_scope, while args.tahun and args.kode_opd hold only what the producer was given
-- (they limit what the worker accepts, and a whole-government export names many OPDs); the view reads either.
CREATE OR REPLACE VIEW kinerja.v_import_jobs AS
SELECT id, kind, state, args->>'sha256' AS sha256,
       COALESCE(args->>'tahun', args->'file_scope'->>'tahun')::int AS tahun,
       COALESCE(args->>'kode_opd', args->'file_scope'->>'kode_opd') AS kode_opd,
       args->>'versi' AS versi, args->>'sheet' AS sheet, args->>'file_name' AS file_name
FROM kinerja.jobs
WHERE kind IN ('import_rka', 'import_kinerja');

-- Whether every import a budget job stands for is still in force (none replaced since): those it wrote, and those
-- it kept because their scope was unchanged (its result's import_ids). Only then is the same file enqueued again a
-- no-op: after another file replaced one OPD of a whole-government export, the export again must put that OPD
-- back. A job that has not finished yet (queued, running) counts as in force. A producer learns this one bit, not
-- the imports.
CREATE FUNCTION kinerja.import_job_in_force(job bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT NOT EXISTS (
        SELECT 1 FROM kinerja.imports i
        WHERE i.replaced_by IS NOT NULL
          AND (i.job_id = job OR i.id IN (
              SELECT jsonb_array_elements_text(j.result -> 'import_ids')::bigint FROM kinerja.jobs j
              WHERE j.id = job AND jsonb_typeof(j.result -> 'import_ids') = 'array')))
$$;
REVOKE ALL ON FUNCTION kinerja.import_job_in_force(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kinerja.import_job_in_force(bigint) TO kinerja_producer, kinerja_worker;

-- import_rka gains two arguments: force (replace every scope of the file, even one whose content is unchanged) and
-- file_scope ({"tahun", "kode_opd"}: the first line's scope, for the same-file check). check_job as sql/014 left it
-- is renamed and keeps every other check; the new check_job checks these two and hands the rest on. Callers
-- (submit_job, put_schedule) name check_job, so they get the new one.
ALTER FUNCTION kinerja.check_job(text, jsonb, text, integer, timestamptz, integer, integer) RENAME TO check_job_014;

CREATE FUNCTION kinerja.check_job(
    p_kind text, p_args jsonb, p_queue text, p_priority integer, p_run_at timestamptz, p_max_attempts integer,
    p_timeout_seconds integer
) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    scope jsonb;
BEGIN
    IF p_kind = 'import_rka' AND jsonb_typeof(p_args) = 'object' THEN
        IF p_args ? 'force' AND jsonb_typeof(p_args -> 'force') NOT IN ('boolean', 'null') THEN
            RAISE EXCEPTION 'argument "force" of import_rka must be true or false' USING ERRCODE = '22023';
        END IF;
        scope := p_args -> 'file_scope';
        IF scope IS NOT NULL AND jsonb_typeof(scope) <> 'null' AND NOT (
            jsonb_typeof(scope) = 'object' AND (SELECT count(*) FROM jsonb_object_keys(scope)) = 2
            AND jsonb_typeof(scope -> 'tahun') = 'number'
            AND CASE WHEN (scope ->> 'tahun') ~ '^[0-9]{4}$' THEN (scope ->> 'tahun')::int BETWEEN 1990 AND 2200 ELSE false END
            AND jsonb_typeof(scope -> 'kode_opd') = 'string' AND length(scope ->> 'kode_opd') BETWEEN 1 AND 255) THEN
            RAISE EXCEPTION 'argument "file_scope" of import_rka must be {"tahun": a year, "kode_opd": an OPD code}'
                USING ERRCODE = '22023';
        END IF;
        p_args := p_args - 'force' - 'file_scope';
    END IF;
    PERFORM kinerja.check_job_014(p_kind, p_args, p_queue, p_priority, p_run_at, p_max_attempts, p_timeout_seconds);
END
$$;
REVOKE ALL ON FUNCTION kinerja.check_job(text, jsonb, text, integer, timestamptz, integer, integer) FROM PUBLIC;

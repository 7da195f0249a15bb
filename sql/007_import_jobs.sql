-- What a producer may see of earlier import jobs, to tell whether the same file was already imported for the same
-- scope: the file's hash and the scope, not the rest of the job's arguments, errors or results (the producer role
-- has no SELECT on those columns; a view runs with its owner's rights).
CREATE VIEW kinerja.v_import_jobs AS
SELECT id, kind, state, args->>'sha256' AS sha256, (args->>'tahun')::int AS tahun, args->>'kode_opd' AS kode_opd,
       args->>'versi' AS versi, args->>'sheet' AS sheet, args->>'file_name' AS file_name
FROM kinerja.jobs
WHERE kind IN ('import_rka', 'import_kinerja');

GRANT SELECT ON kinerja.v_import_jobs TO kinerja_producer, kinerja_worker;

-- The producer's look-up of the newest import of a scope.
CREATE INDEX jobs_import_idx ON kinerja.jobs (kind, id) WHERE kind IN ('import_rka', 'import_kinerja');

-- A producer may see which OPDs the database knows (code and name, nothing else), so `kinerja enqueue` can warn
-- about an OPD code it has never seen (a typo) before a job is queued, and refuse it with --strict.
GRANT SELECT (kode, nama) ON kinerja.opd TO kinerja_producer, kinerja_operator;

-- `kinerja doctor` run by an operator or a monitor compares the applied migrations with the files.
GRANT SELECT ON kinerja.schema_migrations TO kinerja_operator, kinerja_monitor;

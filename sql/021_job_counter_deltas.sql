-- Attempt counters that an old snapshot cannot slow: workers insert their counts, nothing updates them.
--
-- Since sql/019 a completion added its count to one of 64 shard rows per (queue, kind) with an upsert. Each upsert
-- left the row's previous version behind, and while one snapshot older than them stays open (a dashboard, pg_dump)
-- nothing may remove those versions: the next upsert of that row walks past every one of them. Measured with one
-- snapshot held and 1 000 jobs/s: a lookup of one shard row touched 50, 90 and 178 buffers after 20, 50 and 80
-- seconds, and the claim latency's p99 crept from 7 to 12-23 ms over ten minutes.
--
-- Workers now insert one row per completing statement and (queue, kind) into job_counter_deltas, a table with no
-- index: an insert costs the same however many dead rows the table holds. The elected maintenance process moves
-- the deltas into job_counters once a minute, deleting what it moves in the same statement, so a reader that adds
-- the tables never counts twice. Workers from before this migration keep adding to the shards or to job_counters,
-- which the views still add.
CREATE TABLE kinerja.job_counter_deltas (
    queue     text   NOT NULL,
    kind      text   NOT NULL,
    completed bigint NOT NULL DEFAULT 0,
    failed    bigint NOT NULL DEFAULT 0
);

-- The fold's DELETE is the elected worker's; workers never read or update single rows here.
GRANT SELECT, INSERT, DELETE ON kinerja.job_counter_deltas TO kinerja_worker;
GRANT SELECT ON kinerja.job_counter_deltas TO kinerja_operator;

CREATE OR REPLACE VIEW kinerja.v_metrics_counters AS
SELECT queue, kind, sum(completed)::bigint AS completed, sum(failed)::bigint AS failed
FROM (
    SELECT queue, kind, completed, failed FROM kinerja.job_counters
    UNION ALL
    SELECT queue, kind, completed, failed FROM kinerja.job_counter_shards
    UNION ALL
    SELECT queue, kind, completed, failed FROM kinerja.job_counter_deltas
) c
GROUP BY queue, kind;

CREATE OR REPLACE VIEW kinerja.known_queues AS
SELECT name AS queue FROM kinerja.queues
UNION
SELECT queue FROM kinerja.job_counters
UNION
SELECT queue FROM kinerja.job_counter_shards
UNION
SELECT queue FROM kinerja.job_counter_deltas;

import Postgres

/// Moves the attempt counts that workers insert into `kinerja.job_counter_deltas` (sql/021: new rows, never updates,
/// so an old snapshot cannot make them slower) into `kinerja.job_counters`, where readers of that table expect them.
/// Also folds `kinerja.job_counter_shards`, which workers from before sql/021 still add to. One statement: a reader
/// that adds the tables never sees a count twice or not at all.
struct CounterFolder {
    /// How often the elected process folds; `kinerja.job_counters` alone lags by up to this much. Not every second:
    /// each fold scans the deltas table, whose deleted rows an old snapshot keeps.
    static let intervalSeconds = 60.0

    /// Returns the number of delta and shard rows folded. A delta inserted by a transaction that has not committed
    /// is not seen by the delete and waits for the next fold; a shard row being written is skipped (`SKIP LOCKED`).
    static let fold = """
        WITH moved AS (
            DELETE FROM kinerja.job_counter_deltas RETURNING queue, kind, completed, failed
        ), taken AS (
            SELECT queue, kind, shard, completed, failed FROM kinerja.job_counter_shards
            WHERE completed <> 0 OR failed <> 0
            FOR UPDATE SKIP LOCKED
        ), cleared AS (
            UPDATE kinerja.job_counter_shards s
            SET completed = s.completed - t.completed, failed = s.failed - t.failed
            FROM taken t
            WHERE s.queue = t.queue AND s.kind = t.kind AND s.shard = t.shard
        ), counts AS (
            SELECT queue, kind, completed, failed FROM moved
            UNION ALL
            SELECT queue, kind, completed, failed FROM taken
        ), added AS (
            INSERT INTO kinerja.job_counters AS k (queue, kind, completed, failed)
            SELECT queue, kind, sum(completed), sum(failed) FROM counts GROUP BY queue, kind
            ON CONFLICT (queue, kind)
            DO UPDATE SET completed = k.completed + excluded.completed, failed = k.failed + excluded.failed
        )
        SELECT count(*)::int FROM counts
        """

    /// Moves the counts of finished jobs kept (`kinerja.job_history_count_deltas`, sql/024: inserted as jobs move
    /// to the history or leave it) into `kinerja.job_history_counts`, per day, queue and state. The oldest creation
    /// time only ever moves back: a job retried out of the history leaves it as it was.
    static let foldHistory = """
        WITH moved AS (
            DELETE FROM kinerja.job_history_count_deltas RETURNING day, queue, state, jobs, oldest_created
        )
        INSERT INTO kinerja.job_history_counts AS k (day, queue, state, jobs, oldest_created)
        SELECT day, queue, state, sum(jobs), min(oldest_created) FROM moved GROUP BY day, queue, state
        ON CONFLICT (day, queue, state)
        DO UPDATE SET jobs = k.jobs + excluded.jobs, oldest_created = LEAST(k.oldest_created, excluded.oldest_created)
        """

    /// Folds both; returns the number of attempt-count delta and shard rows folded.
    @discardableResult
    static func run(on conn: Connection) throws -> Int {
        let counters = try conn.query(SQL(unsafeSQL: fold)).first?.decode(0, as: Int.self) ?? 0
        try conn.query(SQL(unsafeSQL: foldHistory))
        return counters
    }
}

import Postgres

/// Moves the attempt counts that workers add to `kinerja.job_counter_shards` (64 rows per queue and kind, so that
/// completions of different processes do not queue on one row; sql/019) into `kinerja.job_counters`, where readers
/// of that table expect them. One statement: a reader that adds both tables never sees a count twice or not at all.
/// A shard being written at that moment is skipped and folded the next time.
struct CounterFolder {
    /// How often the elected process folds; `kinerja.job_counters` alone lags by up to this much. Not every second:
    /// under an old snapshot each fold leaves a dead version of every shard row for the next fold to scan, while
    /// completions of those rows wait on its locks.
    static let intervalSeconds = 60.0

    /// Returns the number of shard rows folded.
    static let fold = """
        WITH taken AS (
            SELECT queue, kind, shard, completed, failed FROM kinerja.job_counter_shards
            WHERE completed <> 0 OR failed <> 0
            FOR UPDATE SKIP LOCKED
        ), cleared AS (
            UPDATE kinerja.job_counter_shards s
            SET completed = s.completed - t.completed, failed = s.failed - t.failed
            FROM taken t
            WHERE s.queue = t.queue AND s.kind = t.kind AND s.shard = t.shard
        ), added AS (
            INSERT INTO kinerja.job_counters AS k (queue, kind, completed, failed)
            SELECT queue, kind, sum(completed), sum(failed) FROM taken GROUP BY queue, kind
            ON CONFLICT (queue, kind)
            DO UPDATE SET completed = k.completed + excluded.completed, failed = k.failed + excluded.failed
        )
        SELECT count(*)::int FROM taken
        """

    @discardableResult
    static func run(on conn: Connection) throws -> Int {
        try conn.query(SQL(unsafeSQL: fold)).first?.decode(0, as: Int.self) ?? 0
    }
}

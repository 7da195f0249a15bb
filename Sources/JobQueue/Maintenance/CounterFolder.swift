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
    static let fold = fold(taking: "DELETE FROM kinerja.job_counter_deltas RETURNING queue, kind, completed, failed")

    private static func fold(taking deltas: String) -> String {
        """
        WITH moved AS (
            \(deltas)
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
    }

    /// Moves the counts of finished jobs kept (`kinerja.job_history_count_deltas`, sql/024: inserted as jobs move
    /// to the history or leave it) into `kinerja.job_history_counts`, per day, queue and state. The oldest creation
    /// time only ever moves back: a job retried out of the history leaves it as it was.
    static let foldHistory = foldHistory(
        taking: "DELETE FROM kinerja.job_history_count_deltas RETURNING day, queue, state, jobs, oldest_created")

    private static func foldHistory(taking deltas: String) -> String {
        """
        WITH moved AS (
            \(deltas)
        )
        INSERT INTO kinerja.job_history_counts AS k (day, queue, state, jobs, oldest_created)
        SELECT day, queue, state, sum(jobs), min(oldest_created) FROM moved GROUP BY day, queue, state
        ON CONFLICT (day, queue, state)
        DO UPDATE SET jobs = k.jobs + excluded.jobs, oldest_created = LEAST(k.oldest_created, excluded.oldest_created)
        """
    }

    /// Under an old snapshot the deleted deltas stay as dead rows (at 1 000 jobs/s, about 0.7 MB a minute per table,
    /// each fold scanning all of them). So a fold locks both tables, reads them whole, and empties them with
    /// TRUNCATE (sql/026), which reclaims the space at once; completions wait for it while it runs. It waits at most
    /// `lockTimeout` for the lock (completions queue behind a waiting lock) and otherwise folds by delete.
    static let lockTimeout = "10ms"
    static let lockDeltas = """
        LOCK TABLE kinerja.job_counter_deltas, kinerja.job_history_count_deltas IN ACCESS EXCLUSIVE MODE
        """
    static let foldLocked = fold(taking: "SELECT queue, kind, completed, failed FROM kinerja.job_counter_deltas")
    static let foldHistoryLocked = foldHistory(
        taking: "SELECT day, queue, state, jobs, oldest_created FROM kinerja.job_history_count_deltas")
    static let dumpInProgress = "SELECT kinerja.dump_in_progress()"
    static let emptyDeltas = "TRUNCATE kinerja.job_counter_deltas, kinerja.job_history_count_deltas"

    /// Folds both; returns the number of attempt-count delta and shard rows folded.
    @discardableResult
    static func run(on conn: Connection) throws -> Int {
        if let counters = try foldByTruncate(on: conn) { return counters }
        let counters = try conn.query(SQL(unsafeSQL: fold)).first?.decode(0, as: Int.self) ?? 0
        try conn.query(SQL(unsafeSQL: foldHistory))
        return counters
    }

    /// Returns nil when a dump is connected, the lock was not free in time, or the database is from before sql/026
    /// (no TRUNCATE for workers) or sql/031 (no `dump_in_progress`).
    private static func foldByTruncate(on conn: Connection) throws -> Int? {
        do {
            return try conn.transaction { tx -> Int? in
                // A dump's snapshot, taken before its locks, would see the truncated deltas gone and the counts not
                // yet folded (sql/031).
                guard try tx.query(SQL(unsafeSQL: dumpInProgress)).first?.decode(0, as: Bool.self) == false else {
                    return nil
                }
                try tx.execute(SQL(unsafeSQL: "SELECT set_config('lock_timeout', $1, true)", binds: [lockTimeout]))
                try tx.execute(SQL(unsafeSQL: lockDeltas))
                let counters = try tx.query(SQL(unsafeSQL: foldLocked)).first?.decode(0, as: Int.self) ?? 0
                try tx.execute(SQL(unsafeSQL: foldHistoryLocked))
                try tx.execute(SQL(unsafeSQL: emptyDeltas))
                return counters
            }
        } catch let error as PostgresError where ["55P03", "42501", "42883"].contains(error.sqlState) {
            return nil
        }
    }
}

import Postgres

/// Keeps `kinerja.jobs` small while an old snapshot is open, through `kinerja.compact_jobs` (sql/026). Each claim
/// and completion leaves a dead row version that vacuum may not remove while a snapshot older than it lasts (a
/// dashboard, `pg_dump`, a long report): at 1 000 jobs/s the table grew by 264 MB in ten minutes. When the table is
/// past `minBytes` and holds at most `maxRows` unfinished jobs, the function copies them out under an exclusive
/// lock, TRUNCATEs the table and puts them back unchanged. Claims and completions wait that long: with 2 000
/// unfinished jobs in a 20 MB table the steps under the lock took 13–31 ms (reading the rows 4–22 ms, TRUNCATE
/// 3 ms, putting them back 5 ms).
struct JobsCompactor {
    /// How often the elected process looks. A look that finds the table small costs one size lookup.
    static let intervalSeconds = 5.0
    /// Smaller than this, the table is left to vacuum.
    static let minBytes: Int64 = 8 << 20
    /// More unfinished jobs than this (a backlog) and the table is left as it is: copying them would hold the claims
    /// too long. It is compacted once the backlog drains.
    static let maxRows = 5000
    /// How long to wait for the lock before giving up until the next look. Claims queue behind a waiting lock, so
    /// this bounds what a transaction holding the table (a handler's long one, a `REPEATABLE READ` reader of `v_jobs`)
    /// costs them: once per look.
    static let lockTimeoutMilliseconds = 10

    static let compact = "SELECT kinerja.compact_jobs($1, $2, $3)"

    /// Returns the unfinished jobs kept, or nil when the table was left as it is.
    @discardableResult
    static func run(on conn: Connection, minBytes: Int64 = minBytes, maxRows: Int = maxRows) throws -> Int? {
        try conn.query(SQL(unsafeSQL: compact, binds: [minBytes, maxRows, lockTimeoutMilliseconds])).first?.decode(
            0, as: Int?.self)
    }
}

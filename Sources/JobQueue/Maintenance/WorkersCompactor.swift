import Postgres

/// Keeps `kinerja.workers` small while an old snapshot is open, through `kinerja.compact_workers` (sql/029). Every
/// process updates its row with each heartbeat, and under a snapshot held for hours the dead versions made each
/// heartbeat and each roster read slower (ten processes, four hours: 18 MB, a heartbeat 2.8 ms instead of 0.35, a
/// roster read 4.9 ms instead of 0.15). The table holds one row per live process, so a compaction copies a few rows.
struct WorkersCompactor {
    /// How often the elected process looks. A look that finds the table small costs one size lookup.
    static let intervalSeconds = 30.0
    /// Smaller than this, the table is left to vacuum: ten processes' heartbeats pass it in about two minutes under
    /// a held snapshot, when a heartbeat still costs what it did.
    static let minBytes: Int64 = 256 << 10
    /// How long to wait for the lock before giving up until the next look: heartbeats queue behind a waiting lock.
    static let lockTimeoutMilliseconds = 10

    static let compact = "SELECT kinerja.compact_workers($1, $2)"

    /// Returns the rows kept, or nil when the table was left as it is.
    @discardableResult
    static func run(on conn: Connection, minBytes: Int64 = minBytes) throws -> Int? {
        try conn.query(SQL(unsafeSQL: compact, binds: [minBytes, lockTimeoutMilliseconds])).first?.decode(
            0, as: Int?.self)
    }
}

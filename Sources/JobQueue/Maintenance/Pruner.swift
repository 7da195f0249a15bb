import Foundation
import Postgres

/// Retention of finished jobs: drops the day partitions of `kinerja.job_history` whose jobs all finished before the
/// retention (sql/024, sql/025), creates the next days' partitions ahead, and deletes the rows of worker processes
/// gone for a day. A drop costs the same for a day of a hundred jobs or of a hundred million, so retention keeps pace
/// with the queue at any speed.
struct Pruner {
    /// How often the elected process prunes while nothing is left over from its last round.
    static let intervalSeconds = 60.0
    /// How soon it prunes again when the default partition held more rows past their retention than one round
    /// deletes. A partition whose lock a long reader (pg_dump) held waits for the next minute: a drop waiting for
    /// its lock holds up the completions behind it, so it is not tried every second.
    static let backlogIntervalSeconds = 1.0
    /// Rows deleted per round from the default partition (finishes on days that had no partition yet).
    static let batch = 10_000
    /// Days of partitions kept ready ahead, today included: a week without a leader that makes them (a frozen one, a
    /// rolling deploy whose leader is of an earlier landing) still finds a partition for each day.
    static let daysAhead = 7

    static let addPartitions = "SELECT kinerja.add_history_partitions($1)"
    static let dropPartitions = "SELECT partitions, rows_deleted FROM kinerja.drop_history_partitions($1, $2)"

    /// What one round did.
    struct Round {
        /// Day partitions dropped.
        var partitions: Int
        /// Rows deleted from the default partition.
        var rows: Int
        /// Whether rows past the retention may be left in the default partition.
        var backlog: Bool
    }

    /// Makes the partitions of today and the days ahead that are missing; returns how many. Standby processes call
    /// it too, so a frozen leader does not leave the days to the default partition.
    @discardableResult
    static func addAhead(on conn: Connection) throws -> Int {
        try conn.query(SQL(unsafeSQL: addPartitions, binds: [daysAhead])).first!.decode(0, as: Int.self)
    }

    /// Drops the days past the retention, deletes a batch of the default partition's rows past it, and prunes the
    /// worker rows. Call `addAhead` first: a failure here must not keep the next days from their partitions.
    static func run(retentionSeconds: Double, on conn: Connection) throws -> Round {
        func prune() throws -> (partitions: Int, rows: Int) {
            let row = try conn.query(SQL(unsafeSQL: dropPartitions, binds: [retentionSeconds, batch])).first!
            return (try row.decode(0, as: Int.self), try row.decode(1, as: Int.self))
        }
        // A call that drops partitions leaves the default partition's rows to a call of its own (sql/025): a drop's
        // lock on the history lasts to the end of its transaction, and completions would wait behind the delete.
        var (partitions, rows) = try prune()
        if partitions > 0 { rows = try prune().rows }
        try conn.query(SQL(unsafeSQL: WorkerRegistry.prune))
        return Round(partitions: partitions, rows: rows, backlog: rows == batch)
    }
}

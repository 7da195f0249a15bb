import Foundation
import Postgres

/// Which process runs the queue's maintenance: the one whose fetcher's session holds the advisory lock `key`. The
/// fetcher's connection is open for the whole life of a process anyway, so standing by costs no connection: a fleet
/// of ten processes holds one maintenance connection, the leader's, not ten (each a server backend that the server
/// forks and sets up, 5-6 ms of its CPU apiece when a fleet starts together). When the leader's fetcher loses its
/// session, the lock is free and another process's fetcher takes it at its next try.
final class Leadership: @unchecked Sendable {
    // @unchecked: `leading` and `triedAt` are read and written only while `lock` is held.
    private let lock = NSLock()
    private var leading = false
    private var triedAt = Date.distantPast

    /// The advisory lock key (the ASCII of "kinerja" in a bigint).
    static let key: Int64 = 0x6B_69_6E_65_72_6A_61
    static let tryLead = "SELECT pg_try_advisory_lock($1)"
    /// How often a fetcher that does not lead tries the lock; the fetcher also turns at least once a heartbeat.
    static let trySeconds = 0.5

    /// Whether this process leads: its fetcher's session holds the lock.
    var isLeading: Bool { lock.withLock { leading } }

    /// Tries the lock on the fetcher's connection when this process does not lead and the last try is
    /// `trySeconds` old; returns true when this try made it the leader.
    func tryToLead(on conn: Connection, now: Date = Date()) throws -> Bool {
        let due = lock.withLock {
            guard !leading, now.timeIntervalSince(triedAt) >= Self.trySeconds else { return false }
            triedAt = now
            return true
        }
        guard due else { return false }
        let won =
            try conn.query(SQL(unsafeSQL: Self.tryLead, binds: [Self.key])).first?.decode(0, as: Bool.self) == true
        if won { lock.withLock { leading = true } }
        return won
    }

    /// The fetcher's session ended, and the lock with it.
    func sessionEnded() { lock.withLock { leading = false } }
}

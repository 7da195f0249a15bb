import JobQueue
import Postgres
import Producers

/// Serialises recompute_capaian with the imports that feed it, per (tahun, OPD), for the length of a transaction.
///
/// Without it, an import could commit while a recompute of its scope was already running on older data: the
/// import's follow-up recompute would find that job still unfinished (same unique key) and add none, and the new data
/// would never be recomputed. With it, either the running recompute reads after the import commits (it waits for the
/// lock, then reads), or the import waits until that recompute is finished and then enqueues a new one.
///
/// A recompute of all OPDs of a year takes the year's lock exclusively; per-OPD work takes it shared, plus the OPD's
/// lock exclusively. Advisory locks in the two-integer key space: (tahun, 0) for the year, (tahun, hash) per OPD.
enum ScopeLock {
    static func lock(tahun: Int, kodeOPD: String?, on tx: Connection) throws {
        if let kodeOPD {
            try tx.query(
                "SELECT pg_advisory_xact_lock_shared(\(tahun)::int, 0), pg_advisory_xact_lock(\(tahun)::int, hashtext(\(kodeOPD)) | 1)"
            )
        } else {
            try tx.query("SELECT pg_advisory_xact_lock(\(tahun)::int, 0)")
        }
    }
}

extension RecomputeArgs {
    /// Enqueues this recompute (on the default queue) as an import's follow-up inside the import's transaction
    /// `tx`, after taking the scope's lock (see `ScopeLock`).
    func enqueueFollowUp(on tx: Connection) throws -> Int64 {
        try ScopeLock.lock(tahun: tahun, kodeOPD: kodeOPD, on: tx)
        var followUp = try job()
        // In the system's key space: a producer cannot hold this key with a job that never runs.
        followUp.uniqueKey = Producer.systemKeyPrefix + uniqueKey
        return try Producer.enqueue(followUp, on: tx).id
    }
}

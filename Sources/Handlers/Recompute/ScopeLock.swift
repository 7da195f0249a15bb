import Postgres

/// Serialises recompute_capaian with the imports that feed it, per (government, tahun, OPD), for the length of a
/// transaction.
///
/// Without it, an import could commit while a recompute of its scope was already running on older data: the
/// import's follow-up recompute would find that job still unfinished (same unique key) and add none, and the new data
/// would never be recomputed. With it, either the running recompute reads after the import commits (it waits for the
/// lock, then reads), or the import waits until that recompute is finished and then enqueues a new one.
///
/// A recompute of all OPDs of a government's year takes that year's lock exclusively; per-OPD work takes it shared,
/// plus the OPD's lock exclusively. Advisory locks in the two-integer key space: (tahun, even hash of the
/// government) for the year, (tahun, odd hash of government and OPD) per OPD.
enum ScopeLock {
    static func lock(tahun: Int, kodeOPD: String?, pemdaID: Int, on tx: Connection) throws {
        let year = "\(pemdaID)"
        if let kodeOPD {
            try tx.query(
                """
                SELECT pg_advisory_xact_lock_shared(\(tahun)::int, hashtext(\(year)) & ~1),
                       pg_advisory_xact_lock(\(tahun)::int, hashtext(\(year + ":" + kodeOPD)) | 1)
                """)
        } else {
            try tx.query("SELECT pg_advisory_xact_lock(\(tahun)::int, hashtext(\(year)) & ~1)")
        }
    }
}

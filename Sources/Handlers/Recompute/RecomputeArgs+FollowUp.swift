import JobQueue
import Postgres
import Producers

extension RecomputeArgs {
    /// Enqueues this recompute (on the default queue) as an import's follow-up inside the import's transaction
    /// `tx`, after taking the scope's lock (see `ScopeLock`). Follow-ups always name their government.
    func enqueueFollowUp(on tx: Connection) throws -> Int64 {
        try ScopeLock.lock(tahun: tahun, kodeOPD: kodeOPD, pemdaID: pemdaID!, on: tx)
        var followUp = try job()
        // In the system's key space: a producer cannot hold this key with a job that never runs.
        followUp.uniqueKey = Producer.systemKeyPrefix + uniqueKey
        return try Producer.enqueue(followUp, on: tx).id
    }
}

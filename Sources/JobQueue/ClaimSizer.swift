import Foundation

/// Sizes each claim from what the worker has seen, so nobody has to guess a prefetch: short jobs are claimed in big
/// batches (a claim's round trip would otherwise leave threads idle), long ones one per free thread (a prefetched
/// job waits under a lease other hosts cannot take). A value type: the pool keeps one under its lock, worker threads
/// record how long each job's handler ran, and the fetcher asks it before each claim.
struct ClaimSizer {
    let concurrency: Int
    let leaseSeconds: Double
    /// Mean handler time per job kind (seconds, weighted toward recent jobs) and when the kind last ran.
    private(set) var kinds: [String: (mean: Double, seen: Date)] = [:]

    /// Work a thread should have waiting for it while the fetcher's next claim is on its way.
    static let aheadSeconds = 0.05
    /// At most this many jobs per thread ahead, so that one process does not take a whole backlog of tiny jobs from
    /// its peers. Jobs of microseconds need many: a thread runs its share of a claim in well under a millisecond
    /// and then waits for the next claim, which takes milliseconds however small it is. With 12 a process of eight
    /// threads ran 12–15 k no-op jobs/s, with 64 18–26 k, with 128 a tenth more again (`bench queue`, alternating:
    /// 21.9 / 23.9 k against 20.7 / 20.1 k). Even so, a claim of 1 024 no-op jobs is run within milliseconds.
    static let maxAheadPerThread = 128
    /// A kind not run for this long no longer counts.
    static let forgetSeconds = 300.0

    init(concurrency: Int, leaseSeconds: Double) {
        self.concurrency = concurrency
        self.leaseSeconds = leaseSeconds
    }

    mutating func record(kind: String, seconds: Double, at now: Date = Date()) {
        let mean = kinds[kind].map { 0.8 * $0.mean + 0.2 * seconds } ?? seconds
        kinds[kind] = (mean, now)
    }

    /// Jobs to claim beyond the free threads. Before any job has run: none (one job per free thread), since a long
    /// job claimed ahead would wait under a lease another host could have used; the first completions correct it.
    /// After: enough to cover `aheadSeconds` of the slowest recent kind per thread, and
    /// never so many that a prefetched job would wait a tenth of its lease.
    func prefetch(at now: Date = Date()) -> Int {
        let recent = kinds.values.filter { now.timeIntervalSince($0.seen) < Self.forgetSeconds }
        guard let slowest = recent.map(\.mean).max() else { return 0 }
        let perJob = max(slowest, 1e-5)
        let perThread = min(Self.aheadSeconds / perJob, leaseSeconds / 10 / perJob)
        return min(Self.maxAheadPerThread * concurrency, Int(Double(concurrency) * perThread))
    }

    /// Whether jobs of `kind` are known to run in less than `aheadSeconds`: a thread busy with one is soon free.
    func isShort(_ kind: String) -> Bool { kinds[kind].map { $0.mean < Self.aheadSeconds } ?? false }
}

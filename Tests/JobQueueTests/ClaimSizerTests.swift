import Foundation
import Testing

@testable import JobQueue

/// The claim sizer alone, without a database: what a worker claims with no prefetch flag.
@Suite("claims sized from how long jobs take")
struct ClaimSizerTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("before any job ran: one job per free thread, none ahead")
    func cautiousStart() {
        #expect(ClaimSizer(concurrency: 8, leaseSeconds: 30).prefetch(at: now) == 0)
    }

    @Test("jobs of microseconds: the largest batch; jobs of seconds: one per free thread")
    func shortAndLong() {
        var short = ClaimSizer(concurrency: 8, leaseSeconds: 30)
        for _ in 0..<20 { short.record(kind: "noop", seconds: 0.000_05, at: now) }
        #expect(short.prefetch(at: now) == 8 * ClaimSizer.maxAheadPerThread)
        var long = ClaimSizer(concurrency: 4, leaseSeconds: 30)
        long.record(kind: "import_rka", seconds: 12, at: now)
        #expect(long.prefetch(at: now) == 0)
        var tens = ClaimSizer(concurrency: 4, leaseSeconds: 30)
        tens.record(kind: "recompute_capaian", seconds: 0.01, at: now)
        #expect(tens.prefetch(at: now) == 20)
    }

    @Test("the slowest recent kind sets the size; a kind not run for five minutes is forgotten")
    func slowestRecentKind() {
        var sizer = ClaimSizer(concurrency: 4, leaseSeconds: 30)
        sizer.record(kind: "noop", seconds: 0.000_01, at: now)
        sizer.record(kind: "import_rka", seconds: 20, at: now)
        #expect(sizer.prefetch(at: now.addingTimeInterval(10)) == 0)
        #expect(sizer.prefetch(at: now.addingTimeInterval(301)) == 0)
        sizer.record(kind: "noop", seconds: 0.000_01, at: now.addingTimeInterval(302))
        #expect(sizer.prefetch(at: now.addingTimeInterval(303)) == 4 * ClaimSizer.maxAheadPerThread)
    }

    @Test("a short lease caps the batch: no prefetched job waits a tenth of it")
    func leaseCaps() {
        var sizer = ClaimSizer(concurrency: 2, leaseSeconds: 1)
        sizer.record(kind: "k", seconds: 0.02, at: now)
        // Per thread: min(0.05 / 0.02, 0.1 / 0.02) = 2.5 -> 5 jobs for two threads.
        #expect(sizer.prefetch(at: now) == 5)
        var tight = ClaimSizer(concurrency: 2, leaseSeconds: 0.2)
        tight.record(kind: "k", seconds: 0.02, at: now)
        #expect(tight.prefetch(at: now) == 2)
    }
}

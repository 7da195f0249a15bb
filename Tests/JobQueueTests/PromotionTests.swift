import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// Due waiting jobs are made available by the fetchers in turn (`Claim.promotionDelay`): a process among four or more
/// promotes about once a second, not every quarter second.
@Suite("promotions shared by the fleet")
struct PromotionTests {
    @Test(
        "a process waits its share: a quarter second alone, twice that among two, at most a second; at random around it"
    )
    func delay() {
        #expect(Claim.promotionDelay(processes: 1, random: 1) == 0.25)
        #expect(Claim.promotionDelay(processes: 0, random: 1) == 0.25)
        #expect(Claim.promotionDelay(processes: 2, random: 1) == 0.5)
        #expect(Claim.promotionDelay(processes: 10, random: 1) == 1)
        let draws = (0..<2000).map { _ in Claim.promotionDelay(processes: 4) }
        #expect(draws.allSatisfy { $0 >= 0.5 && $0 < 1.5 })
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 1) < 0.05, "mean delay \(mean) s among four processes")
    }

    /// Four idle pools on one queue, the rosters read every 0.3 s, for `seconds`: how many times the index of waiting
    /// jobs was read, which only the promotion reads while no pool exits when idle. The pools stop before the count
    /// is read, so each backend has sent its statistics.
    static func promotions(seconds: Double, in scratch: ScratchDatabase, on conn: Connection) throws -> Int {
        func scans() throws -> Int {
            try conn.query("SELECT pg_stat_clear_snapshot()")
            return try conn.query(
                "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'jobs_waiting_idx'"
            ).first!.decode(0, as: Int.self)
        }
        let before = try scans()
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        let pools = (1...4).map { i in
            var config = TestWorkers.configuration(
                conninfo: scratch.url, queue: "promoted", name: "p\(i)", exitWhenIdle: false)
            config.runMaintenance = false
            config.rosterRefreshSeconds = 0.3
            return BackgroundPool(WorkerPool(configuration: config, registry: registry, logger: TestWorkers.logger))
        }
        Thread.sleep(forTimeInterval: seconds)
        for pool in pools { pool.stop() }
        // Statistics reach the server as each backend exits.
        _ = try eventually(within: 3) {
            try conn.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).first!.decode(0, as: Int.self) == 0
        }
        return try scans() - before
    }

    @Test("four idle processes promote about once a second each, not every other turn")
    func fleetRate() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("promote")
        defer { scratch.drop() }
        let promotions = try Self.promotions(seconds: 4, in: scratch, on: conn)
        // Each alone: a promotion every turn after 0.25 s, so every 0.4 s with turns every 0.2 s: about 40 in 4 s.
        // Shared: about 16, plus the first ones before the rosters list all four.
        #expect(promotions <= 28, "\(promotions) promotions by four idle processes in 4 s")
        #expect(promotions >= 8, "\(promotions) promotions by four idle processes in 4 s")
    }

    @Test("jobs scheduled a moment ahead are run by a fleet of four soon after they are due")
    func scheduledRunSoon() throws {
        let kit = try QueueTestKit("promoted")
        let conn = try kit.connect()
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        let pools = (1...4).map { _ in kit.start(registry, concurrency: 1) }
        defer { for pool in pools { pool.stop() } }
        Thread.sleep(forTimeInterval: 0.5)
        let due = Date().addingTimeInterval(0.5)
        for _ in 0..<20 {
            _ = try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue, runAt: due), on: conn)
        }
        #expect(try eventually(within: 4) { try kit.states(on: conn)[.completed] == 20 })
    }
}

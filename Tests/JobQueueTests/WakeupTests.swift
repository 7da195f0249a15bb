import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// What wakes a fetcher.
@Suite("wakeups")
struct WakeupTests {
    @Test("notifications of jobs in queues a process does not serve start no turn; its own queue's do")
    func othersNotificationsStartNoTurn() throws {
        let kit = try QueueTestKit("wake")
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        let running = kit.start(registry, concurrency: 1)
        defer { running.stop() }
        let conn = try kit.connect()
        Thread.sleep(forTimeInterval: 0.5)
        func turns(notifying queue: String, times: Int) throws -> Int {
            let before = running.pool.turns
            for _ in 0..<times {
                try conn.query("SELECT pg_notify('kinerja_jobs', \(queue))")
                Thread.sleep(forTimeInterval: 0.005)
            }
            return running.pool.turns - before
        }
        // About a second of others' notifications: only the poll's turns (every 0.2 s here), not one per notification.
        let others = try turns(notifying: kit.queue + "_other", times: 200)
        let own = try turns(notifying: kit.queue, times: 50)
        #expect(others < 40, "\(others) turns for 200 notifications of another queue")
        #expect(own >= 10, "\(own) turns for 50 notifications of its own queue")
    }
}

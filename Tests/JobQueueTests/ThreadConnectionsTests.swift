import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

/// A pool's worker threads connect as work waits for them: short jobs run on the few connections there are, long
/// ones get a connection and a thread each, up to the concurrency.
@Suite("worker threads connect as work needs them")
struct ThreadConnectionsTests {
    /// The worker threads of pool `name` that hold a connection now.
    static func threadBackends(_ name: String, on conn: Connection) throws -> Int {
        try conn.query(
            SQL(
                unsafeSQL: "SELECT count(*)::int FROM pg_stat_activity WHERE application_name LIKE $1",
                binds: ["kinerja \(name) worker %"])
        ).first!.decode(0, as: Int.self)
    }

    /// Most handlers running at once.
    final class Overlap: @unchecked Sendable {
        // @unchecked: both counts are read and written only under `lock`.
        private let lock = NSLock()
        private var now = 0
        private(set) var most = 0

        func run(_ body: () -> Void) {
            lock.withLock {
                now += 1
                most = max(most, now)
            }
            body()
            lock.withLock { now -= 1 }
        }
    }

    @Test(
        "2 000 no-op jobs run on a pool of four threads holding two connections; eight jobs of 300 ms run four at once")
    func connectionsFollowWork() throws {
        let kit = try QueueTestKit("conns")
        let conn = try kit.connect()
        let overlap = Overlap()
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        registry.register("slow") { _ in
            overlap.run { Thread.sleep(forTimeInterval: 0.3) }
            return nil
        }
        var config = kit.configuration(concurrency: 4, name: TestDatabase.uniqueName("conns"))
        config.exitWhenIdle = false
        let pool = BackgroundPool(WorkerPool(configuration: config, registry: registry, logger: QueueTestKit.logger))
        defer { pool.stop() }

        try Producer.bulkEnqueue(count: 2000, on: conn) { _ in NewJob(kind: "noop", queue: kit.queue) }
        #expect(try eventually(within: 20) { try kit.states(on: conn) == [.completed: 2000] })
        let afterNoop = try Self.threadBackends(config.name, on: conn)
        #expect(afterNoop == 2)

        try Producer.bulkEnqueue(count: 8, on: conn) { _ in NewJob(kind: "slow", queue: kit.queue) }
        #expect(try eventually(within: 20) { try kit.states(on: conn) == [.completed: 2008] })
        #expect(overlap.most == 4)
        #expect(try Self.threadBackends(config.name, on: conn) == 4)
    }
}

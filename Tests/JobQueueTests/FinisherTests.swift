import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

/// The fetcher's second connection (`Finisher`): completions travel on it while claims travel on the fetcher's own.
@Suite("completions on a connection of their own")
struct FinisherTests {
    @Test("a pool claims and completes through two backends: its fetcher's and its finisher's")
    func twoBackends() throws {
        let kit = try QueueTestKit("finisher")
        let conn = try kit.connect()
        let name = kit.queue
        try Producer.enqueueMany((0..<400).map { _ in NewJob(kind: "tick", queue: kit.queue) }, on: conn)
        var registry = HandlerRegistry()
        registry.register("tick") { _ in
            Thread.sleep(forTimeInterval: 0.002)
            return nil
        }
        var config = kit.configuration(concurrency: 4, name: name)
        config.exitWhenIdle = false
        let pool = BackgroundPool(WorkerPool(configuration: config, registry: registry, logger: QueueTestKit.logger))
        defer { pool.stop() }
        let backends = """
            SELECT count(*)::int FROM pg_stat_activity WHERE application_name IN ($1, $2)
            """
        #expect(
            try eventually(within: 10) {
                try conn.query(
                    SQL(unsafeSQL: backends, binds: ["kinerja \(name) fetcher", "kinerja \(name) finisher"])
                )
                .first?.decode(0, as: Int.self) == 2
            })
        #expect(try eventually(within: 20) { try kit.states(on: conn) == [.completed: 400] })
    }

    @Test("the finisher's backend terminated twice while jobs run: every job completes in its first attempt")
    func finisherKilled() throws {
        let kit = try QueueTestKit("finisherkill")
        let conn = try kit.connect()
        let name = kit.queue
        let jobs = 10000
        try Producer.enqueueMany((0..<jobs).map { _ in NewJob(kind: "tick", queue: kit.queue) }, on: conn)
        var registry = HandlerRegistry()
        registry.register("tick") { _ in
            Thread.sleep(forTimeInterval: 0.003)
            return nil
        }
        // A lease far longer than the test: a completion lost with the connection would leave its job running.
        var config = kit.configuration(concurrency: 4, lease: 300, name: name)
        config.exitWhenIdle = false
        let pool = BackgroundPool(WorkerPool(configuration: config, registry: registry, logger: QueueTestKit.logger))
        let terminate = """
            SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity
            WHERE application_name = $1 AND state <> 'idle'
            """
        var killed = 0
        let deadline = Date().addingTimeInterval(30)
        // Terminated while it runs a batch: the batch's answer is lost with it. A new finisher connects 5 s later.
        while killed < 2 && Date() < deadline {
            killed +=
                try conn.query(SQL(unsafeSQL: terminate, binds: ["kinerja \(name) finisher"]))
                .first?.decode(0, as: Int.self) ?? 0
            Thread.sleep(forTimeInterval: killed == 0 ? 0.001 : 0.01)
        }
        #expect(killed == 2)
        let finished = try eventually(within: 40) { try kit.states(on: conn) == [.completed: jobs] }
        #expect(finished)
        // A pool that lost completions holds their jobs forever: it is left behind rather than waited for.
        guard finished else { return pool.pool.beginShutdown() }
        pool.stop()
        let attempts = try conn.query(
            "SELECT max(attempt)::int FROM kinerja.v_jobs WHERE queue = \(kit.queue)"
        ).first?.decode(0, as: Int.self)
        #expect(attempts == 1)
    }
}

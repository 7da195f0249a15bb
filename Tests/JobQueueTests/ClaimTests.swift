import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

@Suite("Claiming and running jobs")
struct ClaimTests {
    @Test("SKIP LOCKED claims never hand a job out twice: each job's effect is recorded exactly once")
    func exactlyOnce() throws {
        let kit = try QueueTestKit("once")
        let conn = try kit.connect()
        let effects = TestDatabase.uniqueName("effects")
        try conn.execute("CREATE TABLE \(identifier: effects) (job_id bigint PRIMARY KEY, n int NOT NULL DEFAULT 1)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: effects)") }
        let count = 3000
        try Producer.bulkEnqueue(count: count, on: conn) { _ in NewJob(kind: "effect", queue: kit.queue) }
        var registry = HandlerRegistry()
        registry.register("effect") { ctx in
            // A duplicate delivery would violate the primary key; count it instead of failing.
            try ctx.connection.query(
                """
                INSERT INTO \(identifier: effects) (job_id) VALUES (\(ctx.job.id))
                ON CONFLICT (job_id) DO UPDATE SET n = \(identifier: effects).n + 1
                """)
            return nil
        }
        // Three pools (as three processes would) of four workers each, on one queue.
        let handlers = registry
        let group = DispatchGroup()
        for _ in 0..<3 {
            group.enter()
            Thread.detachNewThread {
                kit.runUntilIdle(handlers, concurrency: 4)
                group.leave()
            }
        }
        group.wait()
        let check = try conn.query("SELECT count(*)::int, COALESCE(max(n), 0) FROM \(identifier: effects)").first!
        #expect(try check.decode(0, as: Int.self) == count)
        #expect(try check.decode(1, as: Int.self) == 1)
        #expect(try kit.states(on: conn) == [.completed: count])
    }

    @Test("higher priority (lower number) runs first, then run_at, then id")
    func priorityOrder() throws {
        let kit = try QueueTestKit("prio")
        let conn = try kit.connect()
        let order = Locked<[Int]>([])
        for (i, p) in [5, 1, 3, 1].enumerated() {
            try Producer.enqueue(
                NewJob(kind: "ordered", args: JSONText("{\"i\": \(i)}"), queue: kit.queue, priority: Int16(p)), on: conn
            )
        }
        struct Args: Decodable { let i: Int }
        var registry = HandlerRegistry()
        registry.register("ordered") { ctx in
            let args = try ctx.job.decodeArgs(Args.self)
            order.mutate { $0.append(args.i) }
            return nil
        }
        kit.runUntilIdle(registry, concurrency: 1)
        #expect(order.value == [1, 3, 2, 0])
    }

    @Test("a transactional enqueue that rolls back leaves no job")
    func transactionalEnqueue() throws {
        let kit = try QueueTestKit("tx")
        let conn = try kit.connect()
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try conn.transaction { tx in
                try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue), on: tx)
                throw Abort()
            }
        }
        #expect(try kit.states(on: conn).isEmpty)
        try conn.transaction { tx in _ = try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue), on: tx) }
        #expect(try kit.states(on: conn) == [.available: 1])
    }

    @Test("unique keys: a second enqueue while the first is unfinished returns the first")
    func uniqueKeys() throws {
        let kit = try QueueTestKit("uniq")
        let conn = try kit.connect()
        let key = TestDatabase.uniqueName("key")
        let first = try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue, uniqueKey: key), on: conn)
        let second = try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue, uniqueKey: key), on: conn)
        #expect(!first.existing)
        #expect(second == EnqueueResult(id: first.id, existing: true))
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        kit.runUntilIdle(registry)
        let third = try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue, uniqueKey: key), on: conn)
        #expect(!third.existing && third.id != first.id)
    }

    @Test("delayed jobs wait for run_at")
    func delayed() throws {
        let kit = try QueueTestKit("delay")
        let conn = try kit.connect()
        let ranAt = Locked<Date?>(nil)
        let due = Date().addingTimeInterval(1.0)
        let id = try Producer.enqueue(NewJob(kind: "later", queue: kit.queue, runAt: due), on: conn).id
        #expect(try kit.job(id, on: conn).state == .scheduled)
        var registry = HandlerRegistry()
        registry.register("later") { _ in
            ranAt.mutate { $0 = Date() }
            return nil
        }
        let background = kit.start(registry, exitWhenIdle: false)
        #expect(eventually(within: 10) { ranAt.value != nil })
        background.stop()
        #expect(ranAt.value! >= due.addingTimeInterval(-0.01))
    }

    @Test("pause stops claims; resume lets them through")
    func pause() throws {
        let kit = try QueueTestKit("pause")
        let conn = try kit.connect()
        try QueueAdmin.pause(queue: kit.queue, on: conn)
        let id = try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue), on: conn).id
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        let background = kit.start(registry)
        Thread.sleep(forTimeInterval: 0.8)
        #expect(try kit.job(id, on: conn).state == .available)
        try QueueAdmin.resume(queue: kit.queue, on: conn)
        #expect(try eventually { try kit.job(id, on: conn).state == .completed })
        background.stop()
    }

    @Test("results and progress are stored; completion inside the handler's transaction commits with its writes")
    func resultsAndTransactionalCompletion() throws {
        let kit = try QueueTestKit("result")
        let conn = try kit.connect()
        let table = TestDatabase.uniqueName("writes")
        try conn.execute("CREATE TABLE \(identifier: table) (job_id bigint)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        let plain = try Producer.enqueue(NewJob(kind: "plain", queue: kit.queue), on: conn).id
        let writer = try Producer.enqueue(NewJob(kind: "writer", queue: kit.queue), on: conn).id
        var registry = HandlerRegistry()
        registry.register("plain") { ctx in
            ctx.reportProgress(done: 10, total: 10)
            return JSONText("{\"rows\": 10}")
        }
        registry.register("writer") { ctx in
            try ctx.completeInTransaction { tx in
                try tx.execute("INSERT INTO \(identifier: table) VALUES (\(ctx.job.id))")
                return ((), JSONText("{\"written\": 1}"))
            }
            return nil
        }
        kit.runUntilIdle(registry)
        let p = try kit.job(plain, on: conn)
        #expect(p.state == .completed)
        #expect(p.result?["rows"] == .number("10"))
        let w = try kit.job(writer, on: conn)
        #expect(w.state == .completed && w.result?["written"] == .number("1"))
        #expect(try conn.query("SELECT count(*)::int FROM \(identifier: table)").first!.decode(0, as: Int.self) == 1)
    }
}

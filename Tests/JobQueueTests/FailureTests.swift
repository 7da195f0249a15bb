import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

@Suite("Failures, cancellation, leases and shutdown")
struct FailureTests {
    struct Flaky: Error, CustomStringConvertible {
        let n: Int
        var description: String { "gagal ke-\(n)" }
    }

    @Test("retry with backoff, then discarded after max_attempts with every error kept")
    func retryThenDiscard() throws {
        let kit = try QueueTestKit("retry")
        let conn = try kit.connect()
        let id = try Producer.enqueue(NewJob(kind: "flaky", queue: kit.queue, maxAttempts: 3), on: conn).id
        var registry = HandlerRegistry()
        registry.register("flaky") { ctx in throw Flaky(n: ctx.job.attempt) }
        kit.runUntilIdle(registry)
        let job = try kit.job(id, on: conn)
        #expect(job.state == .discarded)
        #expect(job.attempt == 3)
        #expect(
            job.errors.elements.compactMap { $0["error"]?.stringValue } == ["gagal ke-1", "gagal ke-2", "gagal ke-3"])
        #expect(job.finishedAt != nil)
    }

    @Test("a permanent failure is not retried")
    func permanent() throws {
        let kit = try QueueTestKit("perm")
        let conn = try kit.connect()
        let id = try Producer.enqueue(NewJob(kind: "bad", queue: kit.queue, maxAttempts: 5), on: conn).id
        var registry = HandlerRegistry()
        registry.register("bad") { _ in throw PermanentJobError("berkas rusak: baris 7, kolom anggaran") }
        kit.runUntilIdle(registry)
        let job = try kit.job(id, on: conn)
        #expect(job.state == .discarded && job.attempt == 1)
        #expect(job.errors.elements.first?["error"]?.stringValue == "berkas rusak: baris 7, kolom anggaran")
    }

    @Test("cancel: a waiting job at once, a running job's handler sees its flag within a second")
    func cancel() throws {
        let kit = try QueueTestKit("cancel")
        let conn = try kit.connect()
        let waiting = try Producer.enqueue(NewJob(kind: "slow", queue: kit.queue, runAt: Date() + 3600), on: conn).id
        #expect(try QueueAdmin.cancel(ids: [waiting], on: conn) == [waiting: .cancelled])
        let running = try Producer.enqueue(NewJob(kind: "slow", queue: kit.queue), on: conn).id
        let started = Locked<Bool>(false)
        let sawFlag = Locked<Date?>(nil)
        var registry = HandlerRegistry()
        registry.register("slow") { ctx in
            started.mutate { $0 = true }
            while !ctx.isCancelled { Thread.sleep(forTimeInterval: 0.01) }
            sawFlag.mutate { $0 = Date() }
            try ctx.checkCancellation()
            return nil
        }
        let background = kit.start(registry)
        #expect(eventually { started.value })
        let asked = Date()
        #expect(try QueueAdmin.cancel(ids: [running], on: conn) == [running: .requested])
        #expect(eventually(within: 5) { sawFlag.value != nil })
        #expect(sawFlag.value!.timeIntervalSince(asked) < 1.0)
        #expect(try eventually { try kit.job(running, on: conn).state == .cancelled })
        background.stop()
    }

    @Test("a cancel flag set while no notification reaches the fetcher is seen once its connection is back")
    func cancelSeenAfterReconnect() throws {
        let kit = try QueueTestKit("cancel_reconnect")
        let conn = try kit.connect()
        let running = try Producer.enqueue(NewJob(kind: "slow", queue: kit.queue), on: conn).id
        let started = Locked<Bool>(false)
        let sawFlag = Locked<Bool>(false)
        var registry = HandlerRegistry()
        registry.register("slow") { ctx in
            started.mutate { $0 = true }
            let until = Date() + 20
            while !ctx.isCancelled && Date() < until { Thread.sleep(forTimeInterval: 0.01) }
            sawFlag.mutate { $0 = ctx.isCancelled }
            try ctx.checkCancellation()
            return nil
        }
        var config = kit.configuration(name: "cancel_reconnect")
        config.exitWhenIdle = false
        let background = BackgroundPool(
            WorkerPool(configuration: config, registry: registry, logger: TestWorkers.logger))
        defer { background.stop() }
        #expect(eventually { started.value })
        // The flag without its notification (as if sent while the fetcher had no connection), then the fetcher's
        // session ends. The job's lease is young: only the new connection's first heartbeat asks about it.
        try conn.execute(
            SQL(unsafeSQL: "UPDATE kinerja.jobs SET cancel_requested = true WHERE id = $1", binds: [running]))
        try conn.execute(
            SQL(
                unsafeSQL: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
                binds: ["kinerja cancel_reconnect fetcher"]))
        #expect(eventually(within: 5) { sawFlag.value })
        #expect(try eventually { try kit.job(running, on: conn).state == .cancelled })
    }

    @Test("a job timeout stops the handler's running statement and retries")
    func timeout() throws {
        let kit = try QueueTestKit("timeout")
        let conn = try kit.connect()
        let id = try Producer.enqueue(
            NewJob(kind: "sleepy", queue: kit.queue, maxAttempts: 1, timeoutSeconds: 1), on: conn
        ).id
        var registry = HandlerRegistry()
        registry.register("sleepy") { ctx in
            try ctx.connection.query("SELECT pg_sleep(30)")
            return nil
        }
        kit.runUntilIdle(registry)
        let job = try kit.job(id, on: conn)
        #expect(job.state == .discarded)
        #expect(job.errors.elements.first?["error"]?.stringValue == "timed out after 1 s")
    }

    @Test("graceful shutdown: running jobs finish, unstarted ones go back uncharged, none stays running")
    func gracefulShutdown() throws {
        let kit = try QueueTestKit("drain")
        let conn = try kit.connect()
        let ids = try Producer.enqueueMany((0..<20).map { _ in NewJob(kind: "work", queue: kit.queue) }, on: conn)
        let started = Locked<Int>(0)
        var registry = HandlerRegistry()
        registry.register("work") { _ in
            started.mutate { $0 += 1 }
            Thread.sleep(forTimeInterval: 0.5)
            return nil
        }
        let background = kit.start(registry, concurrency: 2)
        #expect(eventually { started.value >= 2 })
        background.stop()
        let states = try kit.states(on: conn)
        #expect(states[.running] == nil)
        #expect((states[.completed] ?? 0) >= 2)
        #expect((states[.completed] ?? 0) + (states[.available] ?? 0) == ids.count)
        let attempts = try conn.query(
            "SELECT max(attempt)::int FROM kinerja.v_jobs WHERE queue = \(kit.queue) AND state = 'available'"
        ).first!
        #expect(try attempts.decode(0, as: Int?.self) ?? 0 == 0)
    }

    @Test("stop now: running jobs are stopped and handed back without an attempt charged")
    func stopNow() throws {
        let kit = try QueueTestKit("stopnow")
        let conn = try kit.connect()
        let id = try Producer.enqueue(NewJob(kind: "long", queue: kit.queue), on: conn).id
        let started = Locked<Bool>(false)
        var registry = HandlerRegistry()
        registry.register("long") { ctx in
            started.mutate { $0 = true }
            try ctx.connection.query("SELECT pg_sleep(60)")
            return nil
        }
        let background = kit.start(registry)
        #expect(eventually { started.value })
        background.pool.beginShutdown()
        background.pool.stopNow()
        background.wait()
        let job = try kit.job(id, on: conn)
        #expect(job.state == .available)
        #expect(job.attempt == 0)
    }

    @Test("a fenced late completion is rejected while another worker holds the rescued job")
    func fencing() throws {
        let kit = try QueueTestKit("fence")
        let conn = try kit.connect()
        let id = try Producer.enqueue(NewJob(kind: "zombie", queue: kit.queue), on: conn).id
        let table = TestDatabase.uniqueName("zombie_writes")
        try conn.execute("CREATE TABLE \(identifier: table) (who text)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        let firstHolds = Locked<Bool>(false)
        let release = Locked<Bool>(false)
        let lateError = Locked<String?>(nil)
        var slow = HandlerRegistry()
        slow.register("zombie") { ctx in
            firstHolds.mutate { $0 = true }
            while !release.value { Thread.sleep(forTimeInterval: 0.01) }
            do {
                try ctx.completeInTransaction { tx in
                    try tx.execute("INSERT INTO \(identifier: table) VALUES ('late')")
                    return ((), nil)
                }
            } catch {
                lateError.mutate { $0 = String(describing: error) }
                throw error
            }
            return nil
        }
        // The first worker takes the job, then its lease is made to expire as if it had hung.
        var config = kit.configuration(concurrency: 1, lease: 30)
        config.exitWhenIdle = false
        config.runMaintenance = false
        config.heartbeatSeconds = 3600
        let first = WorkerPool(configuration: config, registry: slow, logger: QueueTestKit.logger)
        let firstDone = DispatchGroup()
        firstDone.enter()
        Thread.detachNewThread {
            first.run()
            firstDone.leave()
        }
        #expect(eventually { firstHolds.value })
        try conn.execute("UPDATE kinerja.jobs SET lease_expires_at = now() - interval '1 second' WHERE id = \(id)")
        // A second worker (with maintenance, so a rescuer runs) takes it over, and holds it until the first worker
        // has tried its late completion: the job is running again when the stale token arrives, so only the token
        // can refuse it.
        let secondHolds = Locked<Bool>(false)
        var fast = HandlerRegistry()
        fast.register("zombie") { ctx in
            secondHolds.mutate { $0 = true }
            _ = eventually(within: 10) { lateError.value != nil }
            try ctx.completeInTransaction { tx in
                try tx.execute("INSERT INTO \(identifier: table) VALUES ('second')")
                return ((), nil)
            }
            return nil
        }
        let second = kit.start(fast, concurrency: 1, exitWhenIdle: true)
        #expect(eventually { secondHolds.value })
        #expect(try kit.job(id, on: conn).state == .running)
        release.mutate { $0 = true }
        #expect(eventually { lateError.value != nil })
        second.wait()
        #expect(try kit.job(id, on: conn).state == .completed)
        first.beginShutdown()
        firstDone.wait()
        #expect(lateError.value?.contains("lease lost") == true)
        let writes = try conn.query("SELECT who FROM \(identifier: table)").rows.map {
            try $0.decode(0, as: String.self)
        }
        #expect(writes == ["second"])
        let job = try kit.job(id, on: conn)
        #expect(job.attempt == 2)
        #expect(job.errors.elements.first?["error"]?.stringValue?.contains("lease expired") == true)
    }

    @Test(
        "a completion the database refuses fails its own job, discarded with the error; the rest of its batch commits")
    func refusedCompletion() throws {
        let kit = try QueueTestKit("refused")
        let conn = try kit.connect()
        let ids = try Producer.enqueueMany((0..<40).map { _ in NewJob(kind: "res", queue: kit.queue) }, on: conn)
        let poison = ids[17]
        var registry = HandlerRegistry()
        registry.register("res") { ctx in
            // Valid JSON that jsonb cannot store: a NUL character.
            ctx.job.id == poison ? JSONText(#"{"s": "\u0000"}"#) : JSONText(#"{"ok": true}"#)
        }
        let pool = kit.start(registry, concurrency: 4, exitWhenIdle: true)
        #expect(try eventually(within: 20) { try kit.states(on: conn) == [.completed: 39, .discarded: 1] })
        pool.stop()
        let job = try kit.job(poison, on: conn)
        #expect(job.state == .discarded)
        #expect(job.errors.elements.last?["error"]?.stringValue?.contains("refused the job's completion") == true)
    }

    @Test(
        "a job taken from a process and claimed again by the same process: the old attempt's end leaves the new one be")
    func reclaimedBySameProcess() throws {
        let kit = try QueueTestKit("reclaim")
        let conn = try kit.connect()
        let id = try Producer.enqueue(NewJob(kind: "slow", queue: kit.queue), on: conn).id
        var registry = HandlerRegistry()
        registry.register("slow") { ctx in
            // The first attempt outlives its lease and ends after the second has started; the second runs longer
            // than the rescuer's look (5 s) with a lease of 1 s: only its heartbeats keep it.
            Thread.sleep(forTimeInterval: ctx.job.attempt == 1 ? 2 : 6)
            return nil
        }
        let pool = kit.start(registry, concurrency: 2, lease: 1)
        #expect(try eventually { try kit.job(id, on: conn).state == .running })
        // As the rescuer does when a lease runs out: the job is retryable again, due now.
        try conn.execute(
            """
            UPDATE kinerja.jobs SET state = 'retryable', lease_token = NULL, lease_expires_at = NULL, run_at = now()
            WHERE id = \(id)
            """)
        #expect(try eventually(within: 20) { try kit.job(id, on: conn).state == .completed })
        pool.stop()
        #expect(try kit.job(id, on: conn).attempt == 2)
    }
}

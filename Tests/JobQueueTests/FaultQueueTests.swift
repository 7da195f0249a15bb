import Foundation
import JobQueue
import Logging
import Postgres
import TestSupport
import Testing

/// Faults a fleet meets, injected into real worker pools on a real PostgreSQL: what each case checks is in its
/// name. `ops/fault-suite.sh` runs every `Fault` suite and prints the report.
@Suite("Fault: the queue under lost connections, broken schedules and rolling deploys")
struct FaultQueueTests {
    private func pool(
        _ kit: QueueTestKit, _ registry: HandlerRegistry, connectionRetry: RetryPolicy? = RetryPolicy(base: 0.01),
        lease: Double = 30, runMaintenance: Bool = true
    ) -> WorkerPool {
        var config = kit.configuration(concurrency: 2, lease: lease)
        if let connectionRetry { config.connectionRetry = connectionRetry }
        config.runMaintenance = runMaintenance
        return WorkerPool(configuration: config, registry: registry, logger: QueueTestKit.logger)
    }

    /// A handler that terminates its own backend, as a DBA's pg_terminate_backend or an OOM kill would.
    private static var suicide: HandlerRegistry {
        var registry = HandlerRegistry()
        registry.register("suicide") { context in
            try context.connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
            return nil
        }
        return registry
    }

    @Test("a handler that terminates its own backend every attempt ends discarded, every attempt's error kept")
    func selfTerminatingHandler() throws {
        let kit = try QueueTestKit("fault_term")
        let conn = try kit.connect()
        let registry = Self.suicide
        let id = try Producer.enqueue(NewJob(kind: "suicide", queue: kit.queue, maxAttempts: 3), on: conn).id
        // In the background with a deadline: a worker that handed such a job back for free would run it forever.
        let background = BackgroundPool(pool(kit, registry))
        #expect(try eventually(within: 30) { try kit.job(id, on: conn).state == .discarded })
        background.stop()
        let job = try kit.job(id, on: conn)
        #expect(job.state == .discarded)
        #expect(job.attempt == 3)
        let errors = job.errors.elements.compactMap { $0["error"]?.stringValue }
        #expect(errors.count == 3)
        for error in errors {
            #expect(error.contains("connection lost while running"), "\(error)")
            #expect(error.contains("57P01") || error.contains("terminat"), "\(error)")
        }
    }

    @Test("a lost connection charges the attempt and backs off long enough to ride out a restart")
    func connectionBackoff() throws {
        let kit = try QueueTestKit("fault_backoff")
        let conn = try kit.connect()
        let registry = Self.suicide
        let id = try Producer.enqueue(NewJob(kind: "suicide", queue: kit.queue), on: conn).id
        pool(kit, registry, connectionRetry: nil).run()
        let waits = try conn.query(
            "SELECT extract(epoch FROM run_at - now())::float8, state, attempt FROM kinerja.v_jobs WHERE id = \(id)"
        ).first!
        #expect(try waits.decode(1, as: JobState.self) == .retryable)
        #expect(try waits.decode(2, as: Int.self) == 1)
        #expect(try waits.decode(0, as: Double.self) > 5, "the default connection backoff starts at about 15 s")
        _ = try QueueAdmin.cancel(ids: [id], on: conn)
    }

    @Test("a rolling deploy: an old worker leaves a new kind waiting; a new worker runs it")
    func rollingDeploy() throws {
        let kit = try QueueTestKit("fault_deploy")
        let conn = try kit.connect()
        var old = HandlerRegistry()
        old.register("old_kind") { _ in nil }
        var new = old
        new.register("new_kind") { _ in nil }
        let oldJob = try Producer.enqueue(NewJob(kind: "old_kind", queue: kit.queue), on: conn).id
        let newJob = try Producer.enqueue(NewJob(kind: "new_kind", queue: kit.queue), on: conn).id
        pool(kit, old).run()
        #expect(try kit.job(oldJob, on: conn).state == .completed)
        let waiting = try kit.job(newJob, on: conn)
        #expect(waiting.state == .available)
        #expect(waiting.attempt == 0)
        pool(kit, new).run()
        #expect(try kit.job(newJob, on: conn).state == .completed)
    }

    @Test(
        "the fetcher's connection cut for longer than a lease: the job runs again, the handler can tell, one completion"
    )
    func fetcherCut() throws {
        let kit = try QueueTestKit("fault_cut")
        let conn = try kit.connect()
        let table = TestDatabase.uniqueName("fault_effects")
        try conn.execute(
            SQL(unsafeSQL: "CREATE TABLE \(table) (job_id bigint, attempt int, may_repeat boolean, at timestamptz)"))
        defer { _ = try? conn.execute(SQL(unsafeSQL: "DROP TABLE \(table)")) }
        var registry = HandlerRegistry()
        registry.register("long") { context in
            try context.connection.query(
                SQL(
                    unsafeSQL: "INSERT INTO \(table) VALUES ($1, $2, $3, clock_timestamp())",
                    binds: [context.job.id, context.job.attempt, context.mayBeRepeated]))
            Thread.sleep(forTimeInterval: 3)
            return nil
        }
        let id = try Producer.enqueue(NewJob(kind: "long", queue: kit.queue), on: conn).id
        // Every connection of the pool goes through a proxy; the cut closes the fetcher's and refuses new ones for
        // 2.5 s (the lease is 1 s), while the worker threads keep theirs. The fetcher's session held the pool's lead
        // of maintenance, if it had it: a second process, of another queue and not behind the proxy, leads then and
        // rescues the expired lease, as another process of a fleet does.
        var other = kit.configuration(concurrency: 1, name: "uncut")
        other.queues = [kit.queue + "-other"]
        other.exitWhenIdle = false
        let rescuer = BackgroundPool(WorkerPool(configuration: other, registry: registry, logger: QueueTestKit.logger))
        defer { rescuer.stop() }
        let proxy = try TCPProxy(targetPort: UInt16(URLComponents(string: kit.url)!.port!))
        defer { proxy.close() }
        var config = kit.configuration(concurrency: 2, lease: 1, name: "cut")
        config.conninfo = TCPProxy.url(through: proxy, from: kit.url)
        config.exitWhenIdle = false
        let background = BackgroundPool(
            WorkerPool(configuration: config, registry: registry, logger: QueueTestKit.logger))
        #expect(try eventually { try kit.job(id, on: conn).state == .running })
        proxy.refuseNew(true)
        try conn.query(
            """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \("kinerja cut fetcher")
            """)
        Thread.sleep(forTimeInterval: 2.5)
        proxy.refuseNew(false)
        // The fetcher's reconnect backoff may have grown to a few seconds by the end of the cut.
        let completed = try eventually(within: 60) { try kit.job(id, on: conn).state == .completed }
        background.stop()
        let record = try kit.job(id, on: conn)
        #expect(completed, "\(record.state), attempt \(record.attempt): \(record.errors)")
        let effects = try conn.query(SQL(unsafeSQL: "SELECT attempt, may_repeat FROM \(table) ORDER BY at")).rows
            .map { (try $0.decode(0, as: Int.self), try $0.decode(1, as: Bool.self)) }
        #expect(effects.count >= 2, "the lease ran out, so another attempt ran: \(effects)")
        #expect(effects.first.map { $0 == (1, false) } == true)
        #expect(effects.dropFirst().allSatisfy { $0.1 }, "every later run knew it may repeat: \(effects)")
        let job = try kit.job(id, on: conn)
        #expect(job.errors.elements.contains { $0["error"]?.stringValue?.contains("lease expired") == true })
        let counted = try conn.query(
            "SELECT completed FROM kinerja.v_metrics_counters WHERE queue = \(kit.queue) AND kind = 'long'"
        ).first?.decode(0, as: Int.self)
        #expect(counted == 1, "one completion, the stale worker's was fenced")
    }
}

@Suite("Fault: cron on the database's clock, catch-up and a broken schedule")
struct FaultCronTests {
    @Test("workers down across ticks: catch-up once fires the latest missed tick once; skip fires none and says so")
    func catchUp() throws {
        let conn = try TestDatabase.connect()
        let queue = TestDatabase.uniqueName("fault_catchup")
        let once = TestDatabase.uniqueName("catchup_once")
        let skip = TestDatabase.uniqueName("catchup_skip")
        // In January 2027, where the maintenance of pools in tests running alongside (on today's clock) never looks:
        // the last tick fired at 09:00, no worker ran since, and one looks again at 12:30.
        let lastTick = ISO8601DateFormatter().date(from: "2027-01-01T09:00:00Z")!
        let at = ISO8601DateFormatter().date(from: "2027-01-01T12:30:00Z")!
        let latest = Int64(at.timeIntervalSince1970 - 1800)
        for (name, policy) in [(once, Scheduler.CatchUp.once), (skip, .skip)] {
            try Scheduler.upsert(
                name: name, cron: "0 * * * *", catchUp: policy, job: NewJob(kind: "noop", queue: queue), on: conn)
            try conn.execute(
                "UPDATE kinerja.schedules SET created_at = \(lastTick)::timestamptz - interval '1 day', last_tick = \(lastTick) WHERE name = \(name)"
            )
        }
        defer {
            for name in [once, skip] { _ = try? Scheduler.remove(name: name, on: conn) }
        }
        let skipped = Locked<[String]>([])
        let fired = try Scheduler.fireDue(on: conn, now: at, skipped: { name, _ in skipped.mutate { $0.append(name) } })
        let mine = try conn.query(
            "SELECT unique_key FROM kinerja.v_jobs WHERE queue = \(queue) ORDER BY id"
        ).rows.map { try $0.decode(0, as: String.self) }
        #expect(mine == ["kinerja:cron:\(once):\(latest)"], "only the latest missed tick, once")
        #expect(fired.count >= 1)
        #expect(skipped.value.contains(skip))
        try Scheduler.fireDue(on: conn, now: at)
        #expect(
            try conn.query("SELECT count(*)::int FROM kinerja.v_jobs WHERE queue = \(queue)").first!.decode(
                0, as: Int.self) == 1)
    }

    @Test("a schedule whose enqueue fails, sorted first, does not stop the schedules after it")
    func brokenScheduleFirst() throws {
        let conn = try TestDatabase.connect()
        let queue = TestDatabase.uniqueName("fault_broken")
        let broken = "!" + TestDatabase.uniqueName("broken")
        let good = TestDatabase.uniqueName("good")
        // Written as an older landing or a hand edit could have left it: an empty queue, which jobs refuse.
        try conn.execute(
            """
            INSERT INTO kinerja.schedules (name, cron, kind, queue, created_at)
            VALUES (\(broken), '* * * * *', 'noop', '', now() - interval '1 hour')
            """)
        try Scheduler.upsert(name: good, cron: "* * * * *", job: NewJob(kind: "noop", queue: queue), on: conn)
        defer {
            for name in [broken, good] { _ = try? Scheduler.remove(name: name, on: conn) }
        }
        let failures = Locked<[String]>([])
        try Scheduler.fireDue(on: conn, failed: { name, _ in failures.mutate { $0.append(name) } })
        #expect(failures.value.contains(broken))
        #expect(
            try conn.query("SELECT count(*)::int FROM kinerja.v_jobs WHERE queue = \(queue)").first!.decode(
                0, as: Int.self) == 1)
    }
}

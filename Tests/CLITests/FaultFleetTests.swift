import Foundation
import JobQueue
import LocalPostgres
import Postgres
import TestSupport
import Testing

/// Worker processes (the real binary) against a cluster of their own, so its crashes, restarts and settings do not
/// touch the other tests' server.
@Suite(
    "Fault: a fleet of worker processes against server crashes, full connection slots and skewed clocks", .serialized)
struct FaultFleetTests {
    static let cluster = LocalCluster(home: TestDatabase.packageRoot.appendingPathComponent(".kinerja-test-fault"))

    private func prepared() throws -> (url: String, cli: CLIRunner, conn: Connection) {
        let url = try Self.cluster.start()
        let cli = CLIRunner(url: url)
        let migrate = try cli.run(["db", "migrate"])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        return (url, cli, try Connection(url))
    }

    /// SIGTERM to each worker (to the program a wrapper runs, too: `timeout` does not pass on a signal it is sent
    /// while LD_PRELOAD'ed with libfaketime), then waits for it.
    private func stop(_ workers: [Process]) {
        for w in workers where w.isRunning {
            let children =
                (try? String(
                    contentsOfFile: "/proc/\(w.processIdentifier)/task/\(w.processIdentifier)/children", encoding: .utf8
                ))
                .map { $0.split(separator: " ").compactMap { Int32($0) } } ?? []
            for child in children { kill(child, SIGTERM) }
            w.terminate()
            w.waitUntilExit()
        }
    }

    @Test("an immediate server stop mid-claim and mid-batch: every job completes, none lost, none left running")
    func immediateStop() throws {
        let (_, cli, first) = try prepared()
        let queue = TestDatabase.uniqueName("crash")
        let total = 400
        let workers = try cli.busyWorkers(
            queue: queue, total: total, sleepMs: 10, processes: 2, concurrency: 4, lease: 5)
        defer { stop(workers) }
        #expect(try eventually(within: 30) { (try jobStates(queue: queue, on: first)[.completed] ?? 0) >= 40 })
        try Self.cluster.stop(immediate: true)
        Thread.sleep(forTimeInterval: 0.5)
        try Self.cluster.start()
        let conn = try Connection(try Self.cluster.url())
        // Room for the connection backoff (about 15 s) of a job whose connection dropped in a statement.
        #expect(try eventually(within: 90) { try jobStates(queue: queue, on: conn) == [.completed: total] })
        let charged = try conn.query(
            """
            SELECT count(*)::int FROM kinerja.v_jobs
            WHERE queue = \(queue) AND errors::text LIKE '%connection lost while running%'
            """
        ).first!.decode(0, as: Int.self)
        let lost = try conn.query(
            "SELECT count(*)::int FROM kinerja.v_jobs WHERE queue = \(queue) AND attempt > 1 AND errors = '[]'"
        ).first!.decode(0, as: Int.self)
        #expect(lost == 0, "every repeated attempt has its reason recorded (\(charged) connection losses)")
    }

    @Test("max_connections at 20, three workers of concurrency 8: every job completes; none runs without a thread")
    func connectionSlotsFull() throws {
        let (_, cli, conn) = try prepared()
        try conn.execute("ALTER SYSTEM SET max_connections = 20")
        try Self.cluster.restart()
        defer {
            if let c = try? Connection(try Self.cluster.url()) {
                _ = try? c.execute("ALTER SYSTEM RESET max_connections")
            }
            _ = try? Self.cluster.restart()
        }
        let admin = try Connection(try Self.cluster.url())
        let queue = TestDatabase.uniqueName("slots")
        let total = 600
        let workers = try cli.busyWorkers(
            queue: queue, total: total, sleepMs: 20, processes: 3, concurrency: 8, lease: 10)
        defer { stop(workers) }
        // Sampled while they run: a running job held by a worker with no connected thread, for longer than the
        // start deadline (5 s) plus a heartbeat, would be one that nothing runs.
        var strandedSince: Date?
        var longestStranded: TimeInterval = 0
        // The slots were really full: at some point a worker had threads without a connection, or could not even
        // register (its fetcher had no connection).
        var sawShortage = false
        let done = try eventually(within: 120) {
            let row = try admin.query(
                "SELECT count(*) FILTER (WHERE connected < concurrency)::int, count(*)::int FROM kinerja.workers"
            ).first!
            if try row.decode(0, as: Int.self) > 0 || row.decode(1, as: Int.self) < 3 { sawShortage = true }
            let stranded = try WorkerRegistry.orphans(on: admin).contains { $0.workerAlive }
            if stranded {
                strandedSince = strandedSince ?? Date()
                longestStranded = max(longestStranded, Date().timeIntervalSince(strandedSince!))
            } else {
                strandedSince = nil
            }
            return try jobStates(queue: queue, on: admin) == [.completed: total]
        }
        let states = try jobStates(queue: queue, on: admin)
        #expect(done, "\(states)")
        #expect(longestStranded < 7, "a job sat running with no thread for \(longestStranded) s")
        #expect(sawShortage, "the slots were really full")
    }

    @Test(
        "skewed clocks: an every-minute schedule fires exactly once per tick with one host an hour fast, one a day slow"
    )
    func skewedClocks() throws {
        // libfaketime preloaded into the worker (the faketime wrapper would take the test's SIGTERM and keep it).
        let library = ["x86_64-linux-gnu", "aarch64-linux-gnu"].map { "/usr/lib/\($0)/faketime/libfaketime.so.1" }
            .first { FileManager.default.fileExists(atPath: $0) }
        guard let library else {
            Issue.record("libfaketime is missing: ops/setup.sh installs faketime")
            return
        }
        let (_, cli, conn) = try prepared()
        let name = TestDatabase.uniqueName("nightly")
        let queue = TestDatabase.uniqueName("skew")
        let add = try cli.run(["schedule", "add", name, "* * * * *", "--", "noop", "--queue", queue])
        #expect(add.status == 0, "\(add.stderr)")
        let created = try conn.query("SELECT now()").first!.decode(0, as: Date.self)
        let logs = ["+1h", "-1d"].map { _ in
            FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("skewlog"))
        }
        // The hour by this host's clock as the workers start: a check against the hour at the end failed when the
        // test crossed an hour boundary (the fast worker's start, an hour ahead, fell in the new hour).
        let startHour = ISO8601DateFormatter().string(from: Date()).prefix(13)
        // They serve no queue with jobs: the schedule's jobs stay to be counted.
        let workers = try zip(["+1h", "-1d"], logs).map { skew, log in
            try cli.start(
                ["worker", "--queues", "none-" + queue, "--name", "skew\(skew)"],
                // Started straight from this process, a libfaketime'd worker exited at once without a word; behind
                // timeout (which passes SIGTERM on) it runs.
                environment: ["LD_PRELOAD": library, "FAKETIME": skew], wrapper: ["/usr/bin/timeout", "300"], log: log)
        }
        defer {
            stop(workers)
            for log in logs { try? FileManager.default.removeItem(at: log) }
        }
        // Past the next minute boundary (by the database's clock), plus the five seconds between cron looks.
        let minute = (created.timeIntervalSince1970 / 60).rounded(.down) * 60
        let boundary = Date(timeIntervalSince1970: minute + 60)
        while try conn.query("SELECT now()").first!.decode(0, as: Date.self) < boundary.addingTimeInterval(8) {
            Thread.sleep(forTimeInterval: 0.5)
        }
        stop(workers)
        let now = try conn.query("SELECT now()").first!.decode(0, as: Date.self)
        let ticks = try conn.query("SELECT unique_key FROM kinerja.v_jobs WHERE queue = \(queue) ORDER BY id").rows
            .map { try $0.decode(0, as: String.self) }
            .compactMap { $0.split(separator: ":").last.flatMap { Double($0) } }
            .map { Date(timeIntervalSince1970: $0) }
        #expect(Set(ticks).count == ticks.count, "a tick fired twice: \(ticks)")
        #expect(ticks.allSatisfy { $0 <= now }, "a tick from a fast clock's future: \(ticks)")
        #expect(ticks.contains(boundary), "the tick at \(boundary) did not fire: \(ticks)")
        // The skew was real: each worker logged its start in its own time.
        let stamps = try logs.map { try String(contentsOf: $0, encoding: .utf8).prefix(13) }
        #expect(!stamps.contains { $0 == startHour }, "the workers' clocks were not skewed: \(stamps) vs \(startHour)")
        _ = try cli.run(["schedule", "remove", name])
    }
}

import Foundation
import LocalPostgres
import Postgres
import TestSupport
import Testing

@Suite("Crashes and restarts lose no job")
struct CrashTests {

    @Test("kill -9 of a worker mid-batch: another worker finishes every job, nothing lost")
    func killNine() throws {
        let url = try TestDatabase.url()
        let cli = CLIRunner(url: url)
        let conn = try Connection(url)
        let queue = TestDatabase.uniqueName("kill9")
        let total = 60
        _ = try cli.run(["enqueue", "noop", "--queue", queue, "--count", String(total), "--sleep-ms", "100"])
        let victim = try cli.start(["worker", "--queues", queue, "--concurrency", "4", "--lease-seconds", "2"])
        #expect(try eventually(within: 20) { (try jobStates(queue: queue, on: conn)[.completed] ?? 0) >= 8 })
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        let orphaned = try jobStates(queue: queue, on: conn)[.running] ?? 0
        #expect(orphaned > 0, "the kill should leave jobs running under a dead lease")
        let survivor = try cli.run(["worker", "--queues", queue, "--concurrency", "4", "--exit-when-idle"])
        #expect(survivor.status == 0, "\(survivor.stderr)")
        #expect(try jobStates(queue: queue, on: conn) == [.completed: total])
        let rescued = try conn.query(
            """
            SELECT count(*)::int FROM kinerja.v_jobs
            WHERE queue = \(queue) AND attempt = 2 AND errors::text LIKE '%lease expired%'
            """
        ).first!.decode(0, as: Int.self)
        #expect(rescued == orphaned)
    }

    @Test("a PostgreSQL restart while workers run: they reconnect with backoff and finish every job")
    func serverRestart() throws {
        // A cluster of its own, so the restart does not cut the other tests' connections.
        let cluster = LocalCluster(home: TestDatabase.packageRoot.appendingPathComponent(".kinerja-test-restart"))
        let url = try cluster.start()
        let cli = CLIRunner(url: url)
        #expect(try cli.run(["db", "migrate"]).status == 0)
        let queue = TestDatabase.uniqueName("restart")
        let total = 200
        let workers = try cli.busyWorkers(
            queue: queue, total: total, sleepMs: 20, processes: 2, concurrency: 3, lease: 5)
        var conn = try Connection(url)
        #expect(try eventually(within: 20) { (try jobStates(queue: queue, on: conn)[.completed] ?? 0) >= 20 })
        try cluster.restart()
        conn = try Connection(url)
        #expect(try eventually(within: 60) { try jobStates(queue: queue, on: conn) == [.completed: total] })
        for w in workers {
            w.terminate()
            w.waitUntilExit()
        }
        #expect(try jobStates(queue: queue, on: conn) == [.completed: total])
        #expect(
            try conn.query("SELECT count(*)::int FROM kinerja.v_jobs WHERE queue = \(queue) AND state = 'running'")
                .first!.decode(0, as: Int.self) == 0)
    }
}

import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

@Suite("A worker's shutdown says what it does")
struct ShutdownTests {
    @Test("first Ctrl-C names the running jobs and the wait; second hands them back, names them, resets progress")
    func talkingShutdown() throws {
        let cli = CLIRunner(url: try TestDatabase.url())
        let conn = try TestDatabase.connect()
        let queue = TestDatabase.uniqueName("talk")
        let enqueued = try cli.run(["enqueue", "noop", "--queue", queue, "--sleep-ms", "60000"])
        let id = try #require(Int64(enqueued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("talk"))
        defer { try? FileManager.default.removeItem(at: log) }
        let worker = try cli.start(
            ["worker", "--queues", queue, "--concurrency", "1", "--grace-seconds", "30"], log: log)
        #expect(try eventually(within: 20) { try TestJobs.job(id, on: conn).state == .running })
        try conn.execute("UPDATE kinerja.jobs SET progress_done = 900, progress_total = 1000 WHERE id = \(id)")
        kill(worker.processIdentifier, SIGINT)
        let first = "shutting down: finishing 1 running job(s) (\(id)), waiting up to 30 s; a second Ctrl-C"
        #expect(try eventually(within: 10) { try String(contentsOf: log, encoding: .utf8).contains(first) })
        kill(worker.processIdentifier, SIGINT)
        worker.waitUntilExit()
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("handed back to the queue, attempt not counted, another worker runs them: jobs \(id)"))
        let job = try TestJobs.job(id, on: conn)
        #expect(job.state == .available)
        #expect(job.attempt == 0)
        #expect(job.progress.done == nil && job.progress.total == nil)
        _ = try conn.execute("DELETE FROM kinerja.jobs WHERE queue = \(queue)")
    }
}

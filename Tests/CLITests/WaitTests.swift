import Foundation
import TestSupport
import Testing

@Suite("enqueue --wait explains itself")
struct WaitTests {
    @Test("with no worker: the job id at once, 'no worker serves queue' after 5 s, exit 1 after --timeout")
    func noWorker() throws {
        let cli = CLIRunner(url: try TestDatabase.url())
        let queue = TestDatabase.uniqueName("nowork")
        let started = Date()
        let out = try cli.run(["enqueue", "noop", "--queue", queue, "--wait", "--timeout", "8"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(out.status == 1, "\(out.stderr)")
        #expect(out.stderr.contains("waiting for job "), "\(out.stderr)")
        #expect(out.stderr.contains("no worker serves queue \(queue) (kind noop)"), "\(out.stderr)")
        #expect(out.stderr.contains("kinerja worker --queues \(queue)"), "\(out.stderr)")
        #expect(out.stderr.contains("gave up waiting for job"), "\(out.stderr)")
        #expect(elapsed >= 8 && elapsed < 20, "\(elapsed) s")
        #expect(try cli.run(["enqueue", "noop", "--timeout", "5"]).status == 2, "--timeout needs --wait")
    }
}

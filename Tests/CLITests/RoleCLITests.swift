import Foundation
import JobQueue
import TestSupport
import Testing

@Suite("The CLI as each role")
struct RoleCLITests {
    @Test("a producer's enqueue --wait --json works with only kinerja_producer; jobs cancel needs an operator")
    func producerWaits() throws {
        let admin = CLIRunner(url: try TestDatabase.url())
        let producer = CLIRunner(url: try TestLogins.url("kinerja_test_producer", memberOf: "kinerja_producer"))
        let queue = TestDatabase.uniqueName("cli_role")
        let worker = try admin.start(["worker", "--queues", queue, "--concurrency", "1"])
        defer {
            worker.terminate()
            worker.waitUntilExit()
        }
        let out = try producer.run(["enqueue", "noop", "--queue", queue, "--wait", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let job = try #require(try CLIRunner.json(out.stdout) as? [String: Any])
        #expect((job["state"] as? String).flatMap(JobState.init(rawValue:)) == .completed)
        let id = try #require(job["id"] as? Int)
        let shown = try producer.run(["jobs", "show", String(id), "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let other = CLIRunner(url: try TestLogins.url("kinerja_test_producer2", memberOf: "kinerja_producer"))
        #expect(try other.run(["jobs", "show", String(id)]).status == 2, "another producer's job is not there")
        let cancel = try producer.run(["jobs", "cancel", String(id)])
        #expect(cancel.status != 0)
        #expect(cancel.stderr.contains("permission denied"), "\(cancel.stderr)")
    }

    @Test("doctor runs as an operator: the migrations check needs no right to create")
    func doctorAsOperator() throws {
        for (name, group) in [("kinerja_test_operator", "kinerja_operator")] {
            let cli = CLIRunner(url: try TestLogins.url(name, memberOf: group))
            let out = try cli.run(["doctor", "--json"])
            let checks = try #require(try CLIRunner.json(out.stdout) as? [String: Any], "\(group): \(out.stderr)")
            let list = try #require(checks["checks"] as? [[String: Any]])
            let migrations = list.first { $0["name"] as? String == "migrations" }
            #expect(migrations?["status"] as? String == "ok", "\(group): \(list)")
        }
    }
}

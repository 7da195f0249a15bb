import Foundation
import Postgres
import TestSupport
import Testing

@Suite("doctor names the oldest open snapshot")
struct DoctorSnapshotTests {
    @Test("a dashboard's snapshot: named, not holding the queue back; a pg_dump-like lock on the ready list: it does")
    func namesTheOldestSnapshot() throws {
        let (scratch, _) = try ScratchDatabase.migrated("snap")
        defer { scratch.drop() }
        let cli = CLIRunner(url: scratch.url)
        let dashboard = try Connection(scratch.url)
        try dashboard.execute("SET application_name = 'metabase-dashboard'")
        try dashboard.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try dashboard.execute("SELECT count(*) FROM kinerja.v_queue")
        let pid = try dashboard.query("SELECT pg_backend_pid()").first!.decode(0, as: Int.self)

        let quiet = try cli.run(["doctor"])
        let line = try #require(quiet.stdout.split(separator: "\n").first { $0.contains("oldest snapshot") })
        #expect(line.contains("pid \(pid) (metabase-dashboard"))
        #expect(line.contains("not holding the queue back"))
        #expect(line.contains("it reads kinerja.jobs, which is not compacted until it ends"))

        // As pg_dump does: the same snapshot, and a lock on the ready list, held for a while.
        try dashboard.execute("LOCK TABLE kinerja.ready IN ACCESS SHARE MODE")
        Thread.sleep(forTimeInterval: 5.5)
        let dump = try cli.run(["doctor"])
        let held = try #require(dump.stdout.split(separator: "\n").first { $0.contains("oldest snapshot") })
        #expect(held.contains("FAIL"))
        #expect(held.contains("it holds the queue back"))
        #expect(dump.status != 0)
        try dashboard.execute("ROLLBACK")
    }
}

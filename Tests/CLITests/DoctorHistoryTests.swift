import Foundation
import Postgres
import TestSupport
import Testing

@Suite("doctor checks the history's partitions")
struct DoctorHistoryTests {
    static func line(_ cli: CLIRunner) throws -> String {
        let out = try cli.run(["doctor"])
        return String(try #require(out.stdout.split(separator: "\n").first { $0.contains("job history") }))
    }

    @Test("partitions ahead and an empty default partition: OK; days without their partition: a warning naming them")
    func partitionsAhead() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("dochist")
        defer { scratch.drop() }
        let cli = CLIRunner(url: scratch.url)
        let healthy = try Self.line(cli)
        #expect(healthy.hasPrefix("OK") && healthy.contains("none in the default partition"), "\(healthy)")

        // Every day partition gone, as if no process had made them, and a job finished today.
        for row in try conn.query("SELECT name FROM kinerja.job_history_partitions WHERE name <> 'job_history_upgrade'")
            .rows
        {
            let name = try row.decode(0, as: String.self)
            try conn.execute("DROP TABLE kinerja.\(identifier: name)")
            try conn.execute("DELETE FROM kinerja.job_history_partitions WHERE name = \(name)")
        }
        try conn.execute(
            "INSERT INTO kinerja.jobs (kind, queue, state, finished_at) VALUES ('noop', 'dochist', 'completed', now())")
        let warned = try Self.line(cli)
        #expect(warned.hasPrefix("WARN"), "\(warned)")
        #expect(warned.contains("no partition for tomorrow"), "\(warned)")
        #expect(warned.contains("1 finished job(s) in the default partition"), "\(warned)")
    }
}

import Foundation
import Postgres
import TestSupport
import Testing

/// What starting `kinerja worker` costs the server in connections: each is a backend the server forks and sets up,
/// milliseconds of its CPU, paid ten times over when a fleet starts together.
@Suite struct WorkerConnectionsTests {
    @Test(
        "an idle worker opens its first thread's connection, the fetcher's (the one that checked the settings) and maintenance's"
    )
    func noConnectionSpent() throws {
        // The migrating connection is closed at once: counted from another database, the scratch one has none.
        let (scratch, _) = try ScratchDatabase.migrated("conns")
        defer { scratch.drop() }
        let database = try #require(scratch.url.split(separator: "/").last.map(String.init))
        let base = try TestDatabase.connect()
        let backends = "SELECT application_name FROM pg_stat_activity WHERE datname = $1 ORDER BY 1"
        func names() throws -> [String] {
            try base.query(SQL(unsafeSQL: backends, binds: [database])).rows.map { try $0.decode(0, as: String.self) }
        }
        func sessions() throws -> Int64 {
            let sql = "SELECT sessions FROM pg_stat_database WHERE datname = $1"
            return try #require(try base.query(SQL(unsafeSQL: sql, binds: [database])).first?.decode(0, as: Int64.self))
        }
        #expect(try eventually(within: 10) { try names().isEmpty })
        let before = try sessions()

        let name = TestDatabase.uniqueName("conns")
        let worker = try CLIRunner(url: scratch.url).start(["worker", "--concurrency", "2", "--name", name])
        // Its second thread connects once work waits for it (`ThreadConnectionsTests`).
        let expected = ["fetcher", "maintenance", "worker 0"].map { "kinerja \(name) \($0)" }
        let started = try eventually(within: 20) { try names() == expected }
        let seen = try names()
        #expect(started, "backends: \(seen)")
        kill(worker.processIdentifier, SIGTERM)
        worker.waitUntilExit()
        // A backend's counts reach the statistics when it exits.
        #expect(try eventually(within: 10) { try names().isEmpty })
        #expect(try eventually(within: 10) { try sessions() - before >= 3 })
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try sessions() - before == 3, "sessions opened by one worker start")
    }
}

import Dispatch
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("COPY, LISTEN/NOTIFY and cancel")
struct CopyAndNotifyTests {
    @Test("COPY of 100k rows, with escapes and NULLs")
    func copy100k() throws {
        let conn = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("t_copy")
        try conn.execute("CREATE TABLE \(identifier: table) (id int, name text, amount numeric)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        let rows = try conn.copyIn("COPY \(identifier: table) (id, name, amount) FROM STDIN") { writer in
            for i in 1...100_000 {
                try writer.write([String(i), i % 1000 == 0 ? nil : "baris\t\(i)\\\n", "\(i).25"])
            }
        }
        #expect(rows == 100_000)
        let check = try conn.query(
            """
            SELECT count(*)::int, count(name)::int, sum(amount), max(name) FILTER (WHERE id = 7)
            FROM \(identifier: table)
            """
        ).first!
        #expect(try check.decode(0, as: Int.self) == 100_000)
        #expect(try check.decode(1, as: Int.self) == 99_900)
        #expect(try check.decode(2, as: Decimal.self) == Decimal(string: "5000075000"))
        #expect(try check.decode(3, as: String.self) == "baris\t7\\\n")
    }

    @Test("a COPY whose producer throws stores nothing")
    func copyAborted() throws {
        let conn = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("t_copy_abort")
        try conn.execute("CREATE TABLE \(identifier: table) (id int)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try conn.copyIn("COPY \(identifier: table) FROM STDIN") { writer in
                for i in 1...10_000 { try writer.write([String(i)]) }
                throw Stop()
            }
        }
        #expect(try conn.query("SELECT count(*) FROM \(identifier: table)").first!.decode(0, as: Int.self) == 0)
    }

    @Test("a NOTIFY sent in a transaction arrives only after COMMIT")
    func notifyAfterCommit() throws {
        let listener = try TestDatabase.connect()
        let sender = try TestDatabase.connect()
        let channel = TestDatabase.uniqueName("chan")
        try listener.listen(channel)
        try sender.execute("BEGIN")
        try sender.query("SELECT pg_notify(\(channel), 'halo')")
        #expect(try listener.waitForNotifications(timeout: 0.3).isEmpty)
        try sender.execute("COMMIT")
        let got = try listener.waitForNotifications(timeout: 5)
        #expect(got.map(\.payload) == ["halo"])
        #expect(got.first?.channel == channel)
        #expect(got.first?.senderPID == sender.backendPID)
    }

    @Test("a wait with timeout returns on time, and can be interrupted from another thread")
    func waitTimeoutAndInterrupt() throws {
        let conn = try TestDatabase.connect()
        try conn.listen(TestDatabase.uniqueName("quiet"))
        var start = Date()
        #expect(try conn.waitForNotifications(timeout: 0.5).isEmpty)
        let waited = Date().timeIntervalSince(start)
        #expect(waited >= 0.45 && waited < 2.0)

        let interrupter = try conn.notificationInterrupter()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { interrupter.interrupt() }
        start = Date()
        #expect(try conn.waitForNotifications(timeout: 30).isEmpty)
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test("a cancelled long query returns SQLSTATE 57014 and the connection is reusable")
    func cancel() throws {
        let conn = try TestDatabase.connect()
        let handle = conn.cancelHandle()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { handle.cancelRunningStatement() }
        do {
            try conn.query("SELECT pg_sleep(30)")
            Issue.record("expected cancellation")
        } catch {
            #expect(error.sqlState == "57014")
        }
        #expect(conn.isHealthy)
        #expect(try conn.query("SELECT 42").first!.decode(0, as: Int.self) == 42)
    }
}

import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// When the elected rescuer looks every second instead of every five: only while a worker row has gone quiet
/// recently, not for the day a killed worker's row stays behind.
@Suite("Rescuer: how long a quiet worker makes it look every second")
struct RescuerWindowTests {
    @Test("a worker row quiet for seconds counts; one left by a worker killed an hour ago does not")
    func quietWindow() throws {
        // A database of its own: every worker row of the shared test database would count.
        let (scratch, conn) = try ScratchDatabase.migrated("rescuewindow")
        defer { scratch.drop() }
        func quiet() throws -> Bool {
            try conn.query(SQL(unsafeSQL: Rescuer.quietWorker)).first!.decode(0, as: Bool.self)
        }
        let insert = """
            INSERT INTO kinerja.workers (owner, kinds, concurrency, connected, seen_at)
            VALUES ($1, '{noop}', 1, 1, now() - $2::float8 * interval '1 second')
            """
        try conn.query(SQL(unsafeSQL: insert, binds: ["alive", 0.0]))
        #expect(try quiet() == false)
        try conn.query(SQL(unsafeSQL: insert, binds: ["killed long ago", 3600.0]))
        #expect(try quiet() == false)
        try conn.query(SQL(unsafeSQL: insert, binds: ["just stopped", 5.0]))
        #expect(try quiet() == true)
    }
}

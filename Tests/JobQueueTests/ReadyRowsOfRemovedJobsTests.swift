import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

/// sql/030: an available job deleted by hand, cancelled or discarded takes its ready row with it, so rows of jobs no
/// worker will claim do not keep a ready slot from being emptied.
@Suite("sql/030: ready rows leave with their jobs")
struct ReadyRowsOfRemovedJobsTests {
    private func listed(_ queue: String, on conn: Connection) throws -> [Int64] {
        try conn.query("SELECT job_id FROM kinerja.ready WHERE queue = \(queue) ORDER BY job_id").rows.map {
            try $0.decode(0, as: Int64.self)
        }
    }

    @Test("deleted by hand, cancelled by an operator, discarded by hand: unlisted; the one left stays listed and runs")
    func removedJobsAreUnlisted() throws {
        let kit = try QueueTestKit("unlist")
        let conn = try kit.connect()
        let ids = try (0..<4).map { _ in try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue), on: conn).id }
        #expect(try listed(kit.queue, on: conn) == ids)

        try conn.execute("DELETE FROM kinerja.jobs WHERE id = \(ids[0])")
        #expect(try QueueAdmin.cancel(ids: [ids[1]], on: conn)[ids[1]] != nil)
        try conn.execute(
            "UPDATE kinerja.jobs SET state = 'discarded', finished_at = now() WHERE id = \(ids[2])")
        #expect(try listed(kit.queue, on: conn) == [ids[3]])

        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        kit.runUntilIdle(registry)
        #expect(try listed(kit.queue, on: conn).isEmpty)
        #expect(try QueueAdmin.job(ids[3], on: conn)?.state == .completed)
    }

    @Test("a database with rows of jobs deleted by hand before sql/030 loses them when migrated; listed jobs stay")
    func upgradeDropsLeftRows() throws {
        let scratch = try ScratchDatabase("mig030")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        try scratch.migrate(before: "030", on: conn)
        let ids = try (0..<5).map { _ in try Producer.enqueue(NewJob(kind: "noop", queue: "left"), on: conn).id }
        try conn.execute("DELETE FROM kinerja.jobs WHERE id IN (\(ids[0]), \(ids[1]))")
        try conn.execute("UPDATE kinerja.jobs SET state = 'cancelled', finished_at = now() WHERE id = \(ids[2])")
        // Before sql/030 the three rows stay.
        #expect(try listed("left", on: conn) == ids)

        #expect(try scratch.migrateToToday(on: conn).first == "030_ready_rows_of_removed_jobs.sql")
        #expect(try listed("left", on: conn) == Array(ids[3...]))
    }
}

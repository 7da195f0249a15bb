import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// What one look of the elected rescuer reads: the leases that ran out since the last look, and when it looks every
/// second instead of every five (only while a worker row has gone quiet recently, not for the day a killed worker's
/// row stays behind).
@Suite("Rescuer: what a look reads, and how often")
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

    @Test("a look reads on from where the last one reached; now and then it starts from the oldest lease again")
    func readsOn() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("rescuelook")
        defer { scratch.drop() }
        let retry = RetryPolicy(base: 60, maximum: 3600)
        func runningJob(expiredSecondsAgo: Double) throws -> Int64 {
            let id = try Producer.enqueue(NewJob(kind: "k", queue: "look"), on: conn).id
            let running = """
                UPDATE kinerja.jobs SET state = 'running', attempt = 1, attempted_at = now(),
                    lease_token = gen_random_uuid(), lease_owner = 'gone',
                    lease_expires_at = now() - $2::float8 * interval '1 second'
                WHERE id = $1
                """
            try conn.query(SQL(unsafeSQL: running, binds: [id, expiredSecondsAgo]))
            return id
        }
        func state(_ id: Int64) throws -> JobState? { try QueueAdmin.job(id, on: conn)?.state }
        let start = Date()
        var rescuer = Rescuer()
        let old = try runningJob(expiredSecondsAgo: 3600)
        #expect(try rescuer.run(retry: retry, on: conn, now: start) == 1)
        #expect(try state(old) == .retryable)
        // A lease that ran out an hour ago but appears only now (as one written by a transaction that committed
        // late would): behind where the last look reached, so the next look does not read it; a fresh one it does.
        let late = try runningJob(expiredSecondsAgo: 3600)
        let fresh = try runningJob(expiredSecondsAgo: 1)
        #expect(try rescuer.run(retry: retry, on: conn, now: start.addingTimeInterval(5)) == 1)
        #expect(try state(fresh) == .retryable)
        #expect(try state(late) == .running)
        #expect(try rescuer.run(retry: retry, on: conn, now: start.addingTimeInterval(Rescuer.restartSeconds + 1)) == 1)
        #expect(try state(late) == .retryable)
    }
}

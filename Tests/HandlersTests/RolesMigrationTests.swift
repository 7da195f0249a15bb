import Foundation
import Handlers
import JobQueue
import Logging
import Postgres
import Producers
import Stores
import TestSupport
import Testing

@Suite("migration 010: a database of the earlier landing upgrades with its jobs and uploads")
struct RolesMigrationTests {
    @Test("jobs in every state keep their rows; old uploads are sealed; an import enqueued before still runs")
    func upgrade() throws {
        let scratch = try ScratchDatabase("mig010")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        try scratch.migrate(before: "010", on: conn)
        // As the producer of the earlier landing enqueued an import: upload, then a row in kinerja.jobs whose
        // arguments carry no size.
        let kode = TestDatabase.uniqueName("M.010")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("m.csv"))
        try Data(ImportOrderTests.export(kode, reordered: false).utf8).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let upload = try conn.transaction { tx in try UploadStore.upload(path: path.path, on: tx) }
        let args = ImportArgs(uploadID: upload.id, fileName: "m.csv", sha256: upload.sha256, tahun: 2021)
        let queue = TestDatabase.uniqueName("mig010")
        let importJob = try Producer.enqueue(
            NewJob(kind: JobKind.importRKA, args: try JSONText(encoding: args), queue: queue), on: conn
        ).id
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, run_at) VALUES ('noop', 'other', 'scheduled', now() + interval '1 day');
            INSERT INTO kinerja.jobs (kind, queue, state, lease_token, lease_expires_at, attempt)
                VALUES ('noop', 'other', 'running', gen_random_uuid(), now() + interval '1 hour', 1);
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at, result)
                VALUES ('noop', 'other', 'completed', now(), '{"kept": true}');
            """)
        let before = try conn.query(
            "SELECT concat_ws('|', id, kind, state, args, result) FROM kinerja.jobs ORDER BY id"
        )
        .rows.map { try $0.decode(0, as: String.self) }
        let owner = try conn.query("SELECT session_user::text").first!.decode(0, as: String.self)

        #expect(try scratch.migrateToToday(on: conn).first == "010_roles_hardened.sql")
        let after = try conn.query(
            "SELECT concat_ws('|', id, kind, state, args, result) FROM kinerja.v_jobs ORDER BY id"
        )
        .rows.map { try $0.decode(0, as: String.self) }
        #expect(after == before)
        #expect(
            try conn.query("SELECT DISTINCT created_by FROM kinerja.v_jobs").rows.map {
                try $0.decode(0, as: String.self)
            } == [owner])
        #expect(try conn.query("SELECT bool_and(sealed) FROM kinerja.uploads").first!.decode(0, as: Bool.self))

        // A producer of the upgraded database cannot touch the old upload.
        var login = URLComponents(string: scratch.url)!
        login.user = "kinerja_test_producer"
        _ = try TestLogins.url("kinerja_test_producer", memberOf: "kinerja_producer")
        let producer = try Connection(login.string!)
        #expect(try producer.execute("UPDATE kinerja.uploads SET size_bytes = 0 WHERE id = \(upload.id)") == 0)

        // The import enqueued before the upgrade runs after it, its bytes checked against the upload's row.
        TestWorkers.runUntilIdle(
            conninfo: scratch.url, queue: queue, registry: KinerjaHandlers.registry(), name: "mig-test",
            concurrency: 1)
        #expect(try QueueAdmin.job(importJob, on: conn)?.state == .completed)
        #expect(
            try conn.query("SELECT count(*)::int FROM kinerja.anggaran WHERE kode_opd = \(kode)").first!
                .decode(0, as: Int.self) == 7)
    }
}

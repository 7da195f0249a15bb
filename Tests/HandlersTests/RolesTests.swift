import Foundation
import Handlers
import JobQueue
import Postgres
import Stores
import TestSupport
import Testing

@Suite("Least-privilege roles")
struct RolesTests {
    private func denied(_ conn: Connection, _ sql: SQL) -> Bool {
        do {
            try conn.query(sql)
            return false
        } catch {
            return error.sqlState == "42501"
        }
    }

    @Test("a producer enqueues and uploads but reads no job's args, errors, results or uploaded bytes")
    func producer() throws {
        let admin = try TestDatabase.connect()
        let queue = TestDatabase.uniqueName("roles")
        // Someone else's finished job, with a result.
        let other = try Producer.enqueue(
            NewJob(kind: "noop", args: JSONText("{\"rahasia\": 1}"), queue: queue), on: admin)
        try admin.execute(
            """
            UPDATE kinerja.jobs SET state = 'completed', finished_at = now(), result = '{"nilai": 42}'
            WHERE id = \(other.id)
            """)
        let conn = try TestDatabase.connect()
        try conn.execute("SET ROLE kinerja_producer")
        let key = TestDatabase.uniqueName("k")
        let mine = try Producer.submit(NewJob(kind: "noop", queue: queue, uniqueKey: key), on: conn)[0]
        #expect(
            try Producer.submit(NewJob(kind: "noop", queue: queue, uniqueKey: key), on: conn)
                == [.init(id: mine.id, existing: true)])
        // A finished job is in the history (sql/024), where the producer reads the same columns.
        let state = try conn.query("SELECT state FROM kinerja.job_history WHERE id = \(other.id)").first!.decode(
            0, as: JobState.self)
        #expect(state == .completed)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("f")).path
        try Data("kode_opd,anggaran\n1,2\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try conn.transaction { tx in try UploadStore.upload(path: path, on: tx) }
        #expect(denied(conn, "SELECT args FROM kinerja.jobs WHERE id = \(other.id)"))
        #expect(denied(conn, "SELECT result FROM kinerja.jobs WHERE id = \(other.id)"))
        #expect(denied(conn, "SELECT errors FROM kinerja.jobs LIMIT 1"))
        #expect(denied(conn, "SELECT args FROM kinerja.job_history WHERE id = \(other.id)"))
        #expect(denied(conn, "SELECT result FROM kinerja.job_history WHERE id = \(other.id)"))
        #expect(denied(conn, "DELETE FROM kinerja.job_history WHERE id = \(other.id)"))
        #expect(
            denied(
                conn,
                "INSERT INTO kinerja.job_history (id, kind, queue, state, finished_at) VALUES (1, 'x', 'x', 'completed', now())"
            ))
        #expect(denied(conn, "SELECT kinerja.drop_history_partitions(0)"))
        #expect(denied(conn, "SELECT data FROM kinerja.upload_chunks LIMIT 1"))
        #expect(denied(conn, "UPDATE kinerja.jobs SET state = 'cancelled' WHERE id = \(other.id)"))
        #expect(denied(conn, "DELETE FROM kinerja.jobs WHERE id = \(other.id)"))
        #expect(denied(conn, "SELECT content FROM kinerja.reports LIMIT 1"))
    }

    @Test("a reader reads the views but not the jobs' args or the tables behind the views")
    func reader() throws {
        let conn = try TestDatabase.connect()
        try conn.execute("SET ROLE kinerja_reader")
        for view in ["v_capaian", "v_capaian_sasaran", "v_penyerapan", "v_temuan", "v_queue"] {
            try conn.query(SQL(unsafeSQL: "SELECT * FROM kinerja.\(view) LIMIT 1"))
        }
        #expect(denied(conn, "SELECT args FROM kinerja.jobs LIMIT 1"))
        for table in ["anggaran", "anggaran_baris", "anggaran_konteks", "v_anggaran_berlaku", "v_imports_berlaku"] {
            #expect(denied(conn, SQL(unsafeSQL: "SELECT * FROM kinerja.\(table) LIMIT 1")), "\(table)")
        }
        #expect(denied(conn, "SELECT data FROM kinerja.upload_chunks LIMIT 1"))
        #expect(
            denied(
                conn,
                "INSERT INTO kinerja.temuan (tahun, kode_opd, kode, tingkat, pesan, asal) VALUES (1, 'x', 'x', 'info', 'x', 'recompute')"
            ))
    }
}

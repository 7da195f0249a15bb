import Foundation
import JobQueue
import KinerjaBench
import Logging
import Postgres
import Producers
import TestSupport
import Testing

@testable import Handlers

@Suite("Fault: imports whose completion fails, and handlers that run twice")
struct FaultImportTests {
    @Test("an import whose lease is lost before its completion commits leaves no line and no imports row")
    func leaseLostAtCommit() throws {
        let kit = try ImportTestKit("fault_commit")
        defer { kit.cleanup() }
        let path = kit.dir.appendingPathComponent("besar.csv").path
        try SIPDExportGenerator.write(rows: 100_000, to: path, kodeOPD: kit.kode, tahun: 2024)
        let (jobID, _) = try kit.enqueueRKA(path)
        // No heartbeat during the import (the first comes with the first turn, the next after 60 s), so the handler
        // runs to its end and only the completion in its transaction finds the lease gone.
        let config = WorkerConfiguration(
            conninfo: kit.url, concurrency: 1, queues: [kit.queue], name: "fault-commit", leaseSeconds: 120,
            heartbeatSeconds: 60, pollSeconds: 0.2, exitWhenIdle: false, shutdownGraceSeconds: 5)
        var logger = Logger(label: "fault-commit")
        logger.logLevel = .critical
        let background = BackgroundPool(
            WorkerPool(configuration: config, registry: KinerjaHandlers.registry(), logger: logger))
        defer { background.stop() }
        let busy: SQL = """
            SELECT count(*)::int FROM pg_stat_activity
            WHERE application_name = 'kinerja fault-commit worker 0' AND state <> 'idle'
            """
        #expect(try eventually { try kit.count(busy) == 1 }, "the import runs")
        // Someone else holds the lease now (the rescuer gave it away, an operator reset it).
        try kit.conn.execute(
            "UPDATE kinerja.jobs SET lease_token = gen_random_uuid() WHERE id = \(jobID) AND state = 'running'")
        #expect(try eventually(within: 60) { try kit.count(busy) == 0 }, "the import ends")
        #expect(try kit.footprint()[0...1] == [0, 0], "no line and no imports row")
        #expect(try kit.count("SELECT count(*)::int FROM kinerja.imports WHERE job_id = \(jobID)") == 0)
        #expect(try kit.job(jobID).state == .running, "the job waits for its lease to run out")
        try kit.conn.execute(
            "UPDATE kinerja.jobs SET state = 'cancelled', finished_at = now(), lease_token = NULL, lease_expires_at = NULL WHERE id = \(jobID)"
        )
    }

    @Test("the shipped handlers are idempotent: import, recompute and purge run twice leave what one run leaves")
    func handlersRunTwice() throws {
        let kit = try ImportTestKit("fault_twice")
        defer { kit.cleanup() }
        let path = try kit.write("rincian.csv", ImportOrderTests.export(kit.kode, reordered: false))
        let importJob = try kit.enqueueRKA(path, tahun: 2021).jobID
        kit.runWorkers()
        let recompute = try Producer.enqueue(
            NewJob(
                kind: JobKind.recomputeCapaian,
                args: try JSONText(encoding: RecomputeArgs(tahun: 2021, kodeOPD: kit.kode)),
                queue: kit.queue), on: kit.conn
        ).id
        kit.runWorkers()
        func snapshot() throws -> [String] {
            try kit.conn.query(
                """
                SELECT 'line ' || concat_ws(' ', kode_akun, anggaran, realisasi) FROM kinerja.anggaran WHERE kode_opd = \(kit.kode)
                UNION ALL
                SELECT 'absorption ' || concat_ws(' ', tingkat, kode, anggaran, realisasi, persen) FROM kinerja.v_penyerapan
                WHERE kode_opd = \(kit.kode)
                UNION ALL
                SELECT 'finding ' || concat_ws(' ', kode, pesan) FROM kinerja.v_temuan WHERE kode_opd = \(kit.kode)
                UNION ALL
                SELECT 'imports in force ' || count(*) FROM kinerja.imports WHERE kode_opd = \(kit.kode) AND replaced_by IS NULL
                ORDER BY 1
                """
            ).rows.map { try $0.decode(0, as: String.self) }
        }
        let once = try snapshot()
        #expect(once.contains { $0.hasPrefix("absorption") })
        // Both run again, as after a crash that lost their completions (attempt 2: mayBeRepeated). The import is
        // forced: unforced, a scope whose content is unchanged keeps its import (only its re-read lines are purged).
        try TestJobs.runAgain(importJob, mergingArgs: #"{"force": true}"#, on: kit.conn)
        kit.runWorkers()
        try TestJobs.runAgain(recompute, on: kit.conn)
        kit.runWorkers()
        #expect(try kit.job(importJob).state == .completed)
        #expect(try snapshot() == once)
        // The purge of the import the second run replaced, twice: the second deletes nothing.
        let purges = try kit.conn.query(
            "SELECT id FROM kinerja.v_jobs WHERE queue = \(kit.queue) AND kind = 'purge_lines' ORDER BY id"
        ).rows.map { try $0.decode(0, as: Int64.self) }
        #expect(purges.count == 1)
        try TestJobs.runAgain(purges[0], on: kit.conn)
        kit.runWorkers()
        #expect(try kit.job(purges[0]).result?["deleted_lines"] == .number("0"))
        #expect(try snapshot() == once)
    }

    @Test("random interleavings of imports, recomputes and purges of one scope: one import in force, its lines only")
    func interleavings() throws {
        let kit = try ImportTestKit("fault_mix")
        defer { kit.cleanup() }
        let files = [
            try kit.write("a.csv", ImportOrderTests.export(kit.kode, reordered: false)),
            try kit.write("b.csv", ImportOrderTests.export(kit.kode, reordered: true)),
        ]
        let config = TestWorkers.configuration(
            conninfo: kit.url, queue: kit.queue, name: "fault-mix", concurrency: 3, exitWhenIdle: false)
        let background = BackgroundPool(
            WorkerPool(configuration: config, registry: KinerjaHandlers.registry(), logger: TestWorkers.logger))
        var steps: [String] = []
        for _ in 0..<24 {
            switch Int.random(in: 0..<3) {
            case 0:
                let file = files.randomElement()!
                _ = try kit.enqueueRKA(file, tahun: 2021, force: true)
                steps.append("import " + (file as NSString).lastPathComponent)
            case 1:
                var job = try RecomputeArgs(tahun: 2021, kodeOPD: kit.kode).job()
                job.queue = kit.queue
                try Producer.enqueue(job, on: kit.conn)
                steps.append("recompute")
            default:
                // A purge naming every import of the scope, the one in force too, as a confused retry might.
                let ids = try kit.conn.query("SELECT id FROM kinerja.imports WHERE kode_opd = \(kit.kode)").rows
                    .map { try $0.decode(0, as: Int64.self) }
                try Producer.enqueue(
                    NewJob(
                        kind: JobKind.purgeLines, args: try JSONText(encoding: ["import_ids": ids]), queue: kit.queue),
                    on: kit.conn)
                steps.append("purge \(ids.count)")
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.05))
        }
        let settled = try eventually(within: 60) {
            try jobStates(queue: kit.queue, on: kit.conn).keys.map(\.self) == [.completed]
        }
        background.stop()
        let states = try jobStates(queue: kit.queue, on: kit.conn)
        #expect(settled, "\(states) after \(steps)")
        let inForce = try kit.conn.query(
            "SELECT id FROM kinerja.imports WHERE kode_opd = \(kit.kode) AND replaced_by IS NULL"
        ).rows.map { try $0.decode(0, as: Int64.self) }
        let imported = steps.contains { $0.hasPrefix("import") }
        #expect(inForce.count == (imported ? 1 : 0), "\(steps)")
        let visible = try kit.conn.query(
            "SELECT DISTINCT import_id FROM kinerja.anggaran WHERE kode_opd = \(kit.kode)"
        ).rows.map { try $0.decode(0, as: Int64.self) }
        #expect(visible == inForce, "only the import in force shows: \(steps)")
        #expect(
            try kit.count("SELECT count(*)::int FROM kinerja.anggaran WHERE kode_opd = \(kit.kode)")
                == (imported ? 7 : 0))
        let stored = try kit.count(
            """
            SELECT count(*)::int FROM kinerja.anggaran_baris b JOIN kinerja.imports i ON i.id = b.import_id
            WHERE i.kode_opd = \(kit.kode)
            """)
        #expect(stored == (imported ? 7 : 0), "replaced lines purged, lines in force kept: \(steps)")
    }
}

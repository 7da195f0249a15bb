import Foundation
import Handlers
import JobQueue
import Logging
import Postgres
import Producers
import Stores
import TestSupport
import Testing

/// Logs in as each role a site hands out and tries what a careless or hostile user would: every attempt is refused
/// (SQLSTATE 42501 or a check's 22023) or has no effect, and each expectation says which.
@Suite("Attacks on the roles, as real logins")
struct RoleAttackTests {
    private static let reader = "kinerja_test_reader"
    private static let producer = "kinerja_test_producer"
    private static let otherProducer = "kinerja_test_producer2"
    private static let operatorLogin = "kinerja_test_operator"
    private static let worker = "kinerja_test_worker"

    /// The statement's SQLSTATE, or nil when it ran.
    private func refusal(_ conn: Connection, _ sql: SQL) -> String? {
        do {
            try conn.query(sql)
            return nil
        } catch {
            return error.sqlState ?? "?"
        }
    }

    /// The SQLSTATE a producer's submit of `job` is refused with, or nil when it was accepted.
    private func refusal(_ conn: Connection, job: NewJob) -> String? {
        do {
            try Producer.submit(job, on: conn)
            return nil
        } catch {
            return (error as? PostgresError)?.sqlState ?? "?"
        }
    }

    /// A `slow` job (2.5 s, polling its stop flag) running on a worker pool of its own queue, once it runs.
    private func runningSlowJob(_ prefix: String) throws -> (id: Int64, admin: Connection, workers: BackgroundPool) {
        let admin = try TestDatabase.connect()
        let queue = TestDatabase.uniqueName(prefix)
        let id = try Producer.enqueue(NewJob(kind: "slow", queue: queue), on: admin).id
        let workers = startSlowWorker(queue: queue, url: try TestDatabase.url())
        #expect(try eventually { try QueueAdmin.job(id, on: admin)?.state == .running })
        return (id, admin, workers)
    }

    private func startSlowWorker(queue: String, url: String) -> BackgroundPool {
        var registry = HandlerRegistry()
        registry.register("slow") { context in
            let end = Date().addingTimeInterval(2.5)
            while Date() < end {
                try context.checkCancellation()
                Thread.sleep(forTimeInterval: 0.02)
            }
            return JSONText("{\"finished\": true}")
        }
        let config = TestWorkers.configuration(
            conninfo: url, queue: queue, name: "attack-test", exitWhenIdle: false)
        return BackgroundPool(WorkerPool(configuration: config, registry: registry, logger: TestWorkers.logger))
    }

    @Test("a reader's NOTIFY on every channel and its UPDATE of the cancel flag leave a running job to complete")
    func readerCannotCancel() throws {
        let (id, admin, workers) = try runningSlowJob("atk_notify")
        defer { workers.stop() }
        let reader = try TestLogins.connect(Self.reader, memberOf: "kinerja_reader")
        for channel in [WorkerPool.cancelChannel, Producer.jobsChannel] {
            for payload in [String(id), "{\"id\": \(id)}", "*"] {
                #expect(refusal(reader, "SELECT pg_notify(\(channel), \(payload))") == nil, "NOTIFY is open to all")
            }
        }
        #expect(
            refusal(reader, "UPDATE kinerja.jobs SET cancel_requested = true WHERE id = \(id)") == "42501",
            "no UPDATE on jobs")
        #expect(refusal(reader, "SELECT kinerja.cancel_jobs(ARRAY[\(id)]::bigint[])") == "42501", "not an operator")
        #expect(try eventually { try QueueAdmin.job(id, on: admin)?.state == .completed }, "the job ran to its end")
        #expect(try QueueAdmin.job(id, on: admin)?.result?["finished"] == .bool(true))
    }

    @Test("an operator cannot schedule a job that names an upload: no import of any kind, no upload_id")
    func operatorCannotScheduleUploads() throws {
        let op = try TestLogins.connect(Self.operatorLogin, memberOf: "kinerja_operator")
        let args = "{\"upload_id\": 1, \"sha256\": \"\(String(repeating: "0", count: 64))\", \"file_name\": \"n.md\"}"
        for kind in ["import_rka", "import_kinerja", "import_narasi"] {
            let name = TestDatabase.uniqueName("sched")
            let error = #expect(throws: PostgresError.self) {
                try op.execute(
                    """
                    SELECT kinerja.put_schedule(\(name), '0 1 * * *', 'Asia/Jakarta', \(kind), 'default',
                                                \(args)::jsonb, 0, 1)
                    """)
            }
            #expect(error?.message.contains("cannot be scheduled") == true, "\(kind): \(String(describing: error))")
        }
    }

    @Test("an operator's cancel stops a running job through its row")
    func operatorCancels() throws {
        let (id, admin, workers) = try runningSlowJob("atk_cancel")
        defer { workers.stop() }
        let op = try TestLogins.connect(Self.operatorLogin, memberOf: "kinerja_operator")
        #expect(try QueueAdmin.cancel(ids: [id], on: op) == [id: .requested])
        #expect(try eventually(within: 2) { try QueueAdmin.job(id, on: admin)?.state == .cancelled })
    }

    @Test("a reader reads no job arguments, uploads, own-job view or enqueue function")
    func readerReadsOnlyViews() throws {
        let reader = try TestLogins.connect(Self.reader, memberOf: "kinerja_reader")
        for sql: SQL in [
            "SELECT args FROM kinerja.jobs LIMIT 1", "SELECT data FROM kinerja.upload_chunks LIMIT 1",
            "SELECT * FROM kinerja.uploads LIMIT 1", "SELECT * FROM kinerja.v_jobs LIMIT 1",
            "SELECT kinerja.submit_job('noop', '{}'::jsonb)", "SELECT kinerja.pause_queue('default')",
        ] {
            #expect(refusal(reader, sql) == "42501", "\(sql.text)")
        }
    }

    @Test("a producer looks governments up for --pemda but cannot create, rename or resolve-and-create one")
    func producerAndGovernments() throws {
        let producer = try TestLogins.connect(Self.producer, memberOf: "kinerja_producer")
        #expect(
            try producer.query("SELECT kinerja.pemda_named(\(TestDatabase.seedGovernment))").first!.decode(
                0, as: Int?.self) != nil)
        #expect(throws: PostgresError.self) { try producer.query("INSERT INTO kinerja.pemda (nama) VALUES ('Palsu')") }
        #expect(throws: PostgresError.self) { try producer.query("UPDATE kinerja.pemda SET nama = 'Palsu'") }
        #expect(throws: PostgresError.self) { try producer.query("SELECT kinerja.pemda_for(NULL, 'Palsu')") }
    }

    @Test("a producer cannot enqueue internal kinds, bad shapes, system keys or far-future jobs")
    func producerEnqueueChecked() throws {
        let conn = try TestLogins.connect(Self.producer, memberOf: "kinerja_producer")
        let queue = TestDatabase.uniqueName("atk_submit")
        #expect(refusal(conn, "INSERT INTO kinerja.jobs (kind, queue) VALUES ('noop', \(queue))") == "42501")
        let refused: [(NewJob, String)] = [
            (NewJob(kind: "purge_lines", args: JSONText("{\"import_ids\": [1]}"), queue: queue), "42501"),
            (NewJob(kind: "some_future_kind", queue: queue), "42501"),
            (NewJob(kind: "noop", queue: queue, uniqueKey: "kinerja:recompute_capaian:2021:*"), "42501"),
            (NewJob(kind: "noop", queue: queue, uniqueKey: "kinerja:cron:nightly:1"), "42501"),
            (NewJob(kind: "noop", queue: queue, runAt: Date().addingTimeInterval(400 * 86400)), "22023"),
            (NewJob(kind: "noop", queue: queue, priority: -30000), "22023"),
            (NewJob(kind: "noop", queue: queue, maxAttempts: 1000), "22023"),
            (NewJob(kind: "noop", args: JSONText("{\"shell\": \"rm -rf /\"}"), queue: queue), "22023"),
            (NewJob(kind: "recompute_capaian", args: JSONText("{\"tahun\": \"2021\"}"), queue: queue), "22023"),
            (
                NewJob(
                    kind: "produce_report",
                    args: JSONText("{\"tahun\": 2021, \"kode_opd\": \"x\", \"format\": \"exe\"}")), "22023"
            ),
            (
                NewJob(
                    kind: "import_rka",
                    args: JSONText(
                        "{\"upload_id\": 1, \"file_name\": \"a\", \"sha256\": \"\(String(repeating: "0", count: 64))\"}"
                    )), "42501"
            ),
            (NewJob(kind: "noop", queue: "a queue; DROP TABLE x"), "22023"),
            (NewJob(kind: "noop", args: JSONText("{\"force\": true}"), queue: queue), "22023"),
        ]
        // import_rka's own arguments of sql/015, in shapes check_job refuses.
        let sha = String(repeating: "0", count: 64)
        for extra in [
            "\"force\": \"yes\"", "\"file_scope\": \"x\"", "\"file_scope\": {\"tahun\": 1, \"kode_opd\": \"x\"}",
            "\"file_scope\": {\"tahun\": 2024.5, \"kode_opd\": \"x\"}",
            "\"file_scope\": {\"tahun\": 2024, \"kode_opd\": \"x\", \"upload_id\": 2}",
            "\"file_scope\": {\"tahun\": 2024, \"kode_opd\": \"\"}",
        ] {
            let args = "{\"upload_id\": 1, \"file_name\": \"a\", \"sha256\": \"\(sha)\", \(extra)}"
            #expect(
                refusal(conn, job: NewJob(kind: "import_rka", args: JSONText(args), queue: queue)) == "22023", "\(args)"
            )
        }
        for (job, state) in refused {
            do {
                try Producer.submit(job, on: conn)
                Issue.record("\(job.kind) \(job.args.text) was accepted")
            } catch let error as PostgresError {
                #expect(error.sqlState == state, "\(job.kind) \(job.args.text): \(error)")
            }
        }
        #expect(try QueueAdmin.list(.init(queue: queue), on: try TestDatabase.connect()).isEmpty, "nothing enqueued")
    }

    @Test("a purge_lines job naming the imports in force deletes nothing; only a worker could enqueue it")
    func purgeOfImportsInForce() throws {
        let kit = try ImportTestKit("atk_purge")
        defer { kit.cleanup() }
        let path = try kit.write("rincian.csv", ImportOrderTests.export(kit.kode, reordered: false))
        _ = try kit.enqueueRKA(path, tahun: 2021)
        let recompute = try RecomputeArgs(tahun: 2021, kodeOPD: kit.kode).job().with(queue: kit.queue)
        kit.runWorkers()
        try Producer.enqueue(recompute, on: kit.conn)
        kit.runWorkers()
        let inForce = try kit.conn.query("SELECT id FROM kinerja.imports WHERE kode_opd = \(kit.kode)").rows
            .map { try $0.decode(0, as: Int64.self) }
        func lines() throws -> Int {
            try kit.count("SELECT count(*)::int FROM kinerja.anggaran WHERE kode_opd = \(kit.kode)")
        }
        func absorption() throws -> [String] {
            try kit.conn.query(
                """
                SELECT concat_ws(' ', tingkat, kode, anggaran, realisasi, persen) FROM kinerja.v_penyerapan
                WHERE kode_opd = \(kit.kode) ORDER BY 1
                """
            ).rows.map { try $0.decode(0, as: String.self) }
        }
        let before = (try lines(), try absorption())
        #expect(before.0 == 7)
        #expect(!before.1.isEmpty)
        let producer = try TestLogins.connect(Self.producer, memberOf: "kinerja_producer")
        let args = "{\"import_ids\": \(inForce)}"
        #expect(
            refusal(
                producer,
                "INSERT INTO kinerja.jobs (kind, queue, args) VALUES ('purge_lines', \(kit.queue), \(args)::jsonb)")
                == "42501")
        #expect(
            refusal(producer, "SELECT kinerja.submit_job('purge_lines', \(args)::jsonb, \(kit.queue))") == "42501")
        // Had it got in some other way (an old job retried, a hand-made row): it still deletes nothing in force.
        let job = try Producer.enqueue(
            NewJob(kind: "purge_lines", args: JSONText(args), queue: kit.queue), on: kit.conn)
        kit.runWorkers()
        try Producer.enqueue(recompute, on: kit.conn)
        kit.runWorkers()
        #expect(try kit.job(job.id).state == .completed)
        #expect(try kit.job(job.id).result?["deleted_lines"] == .number("0"))
        #expect(try lines() == before.0)
        #expect(try absorption() == before.1)
    }

    @Test("a follow-up key squatted with a job that never runs does not stop the next import's recompute")
    func squattedFollowUpKey() throws {
        let kit = try ImportTestKit("atk_squat")
        defer { kit.cleanup() }
        let producer = try TestLogins.connect(Self.producer, memberOf: "kinerja_producer")
        // The follow-up's key names the government too (the shared test database's only one).
        let pemda = try #require(try PemdaStore.only(on: kit.conn))
        let args = try JSONText(encoding: RecomputeArgs(tahun: 2021, kodeOPD: kit.kode, pemdaID: pemda))
        let systemKey =
            Producer.systemKeyPrefix + RecomputeArgs(tahun: 2021, kodeOPD: kit.kode, pemdaID: pemda).uniqueKey
        let squat = NewJob(
            kind: "recompute_capaian", args: args, queue: "nowhere", runAt: Date().addingTimeInterval(300 * 86400),
            uniqueKey: systemKey)
        #expect(throws: PostgresError.self) { try Producer.submit(squat, on: producer) }
        // The producer's own key space is open, also far ahead and in a queue nobody serves: it folds nothing of
        // the system's.
        var own = squat
        own.uniqueKey = RecomputeArgs(tahun: 2021, kodeOPD: kit.kode, pemdaID: pemda).uniqueKey
        let parked = try Producer.submit(own, on: producer)[0].id
        let path = try kit.write("rincian.csv", ImportOrderTests.export(kit.kode, reordered: false))
        _ = try kit.enqueueRKA(path, tahun: 2021)
        kit.runWorkers()
        // The import's follow-up is a job of its own, due now on the default queue, not folded into the parked one.
        let followUps = try kit.conn.query(
            """
            SELECT id FROM kinerja.jobs
            WHERE unique_key = \(systemKey) AND kind = 'recompute_capaian' AND queue = 'default'
              AND state IN ('available', 'running', 'completed') AND run_at <= now()
            """
        ).rows
        #expect(followUps.count == 1)
        #expect(try followUps.first?.decode(0, as: Int64.self) != parked)
        #expect(try kit.job(parked).state == .scheduled)
        _ = try QueueAdmin.cancel(ids: [parked], on: kit.conn)
    }

    @Test("a chunk slipped into another user's upload never lands: refused, or the import fails naming it")
    func uploadTampering() throws {
        let kit = try ImportTestKit("atk_upload")
        defer { kit.cleanup() }
        let alice = try TestLogins.connect(Self.producer, memberOf: "kinerja_producer")
        let mallory = try TestLogins.connect(Self.otherProducer, memberOf: "kinerja_producer")
        let path = try kit.write("rincian.csv", ImportOrderTests.export(kit.kode, reordered: false))
        let (jobID, _) = try ImportProducer.enqueueRKA(
            file: path, tahun: 2021, kodeOPD: nil, options: kit.options, on: alice)
        let upload = try kit.job(jobID).args["upload_id"].flatMap { value -> Int64? in
            if case .number(let text) = value { return Int64(text) }
            return nil
        }
        let uploadID = try #require(upload)
        let extra = Bytea(Array("\n\(kit.kode);5.1.02.01.01.0001;Belanja titipan;999.999,00;0,00\n".utf8))
        for conn in [mallory, alice] {
            #expect(
                refusal(
                    conn, "INSERT INTO kinerja.upload_chunks (upload_id, seq, data) VALUES (\(uploadID), 1, \(extra))")
                    == "42501", "sealed, and not Mallory's")
            #expect(try conn.execute("UPDATE kinerja.uploads SET size_bytes = 1 WHERE id = \(uploadID)") == 0)
            #expect(refusal(conn, "SELECT data FROM kinerja.upload_chunks WHERE upload_id = \(uploadID)") == "42501")
        }
        // Had the chunk got in another way (a role with more rights): the worker's check refuses the bytes.
        try kit.conn.execute(
            "INSERT INTO kinerja.upload_chunks (upload_id, seq, data) VALUES (\(uploadID), 1, \(extra))")
        try kit.conn.execute(
            "UPDATE kinerja.uploads SET size_bytes = size_bytes + \(extra.bytes.count) WHERE id = \(uploadID)")
        kit.runWorkers()
        #expect(try kit.job(jobID).state == .discarded)
        #expect(try kit.job(jobID).attempt == 1, "a mismatch is permanent: no retry reads the bytes again")
        let error = try kit.lastError(jobID)
        #expect(error.contains("tidak sama dengan yang didaftarkan"), "\(error)")
        #expect(try kit.footprint()[0...1] == [0, 0], "no line and no imports row landed")
    }

    @Test("a producer sees every column of its own jobs in v_jobs and nothing of another producer's")
    func producerFollowsOwnJobs() throws {
        let alice = try TestLogins.connect(Self.producer, memberOf: "kinerja_producer")
        let mallory = try TestLogins.connect(Self.otherProducer, memberOf: "kinerja_producer")
        let queue = TestDatabase.uniqueName("atk_own")
        let id = try Producer.submit(
            NewJob(kind: "noop", args: JSONText("{\"sleep_ms\": 1}"), queue: queue), on: alice)[0].id
        let mine = try #require(try QueueAdmin.job(id, on: alice))
        #expect(mine.args["sleep_ms"] == .number("1"))
        #expect(try QueueAdmin.job(id, on: mallory) == nil)
        #expect(try QueueAdmin.list(.init(queue: queue), on: mallory).isEmpty)
        #expect(refusal(mallory, "SELECT args FROM kinerja.jobs WHERE id = \(id)") == "42501")
        #expect(refusal(alice, "SELECT kinerja.cancel_jobs(ARRAY[\(id)]::bigint[])") == "42501", "not an operator")
    }

    @Test("the worker role cannot write the migration history; operators cannot insert jobs or schedule internal kinds")
    func workerAndOperatorLimits() throws {
        let worker = try TestLogins.connect(Self.worker, memberOf: "kinerja_worker")
        #expect(
            refusal(worker, "INSERT INTO kinerja.schema_migrations (version, name, checksum) VALUES (999, 'x', 'x')")
                == "42501")
        #expect(refusal(worker, "DELETE FROM kinerja.schema_migrations WHERE version = 999") == "42501")
        let op = try TestLogins.connect(Self.operatorLogin, memberOf: "kinerja_operator")
        #expect(refusal(op, "INSERT INTO kinerja.jobs (kind) VALUES ('purge_lines')") == "42501")
        #expect(refusal(op, "UPDATE kinerja.jobs SET args = '{}' WHERE false") == "42501")
        #expect(
            refusal(op, "INSERT INTO kinerja.schedules (name, cron, kind) VALUES ('x', '* * * * *', 'purge_lines')")
                == "42501")
        #expect(throws: PostgresError.self) {
            try Scheduler.upsert(
                name: TestDatabase.uniqueName("atk"), cron: "* * * * *",
                job: NewJob(kind: "purge_lines", args: JSONText("{\"import_ids\": [1]}")), on: op)
        }
    }
}

extension NewJob {
    fileprivate func with(queue: String) -> NewJob {
        var job = self
        job.queue = queue
        return job
    }
}

import Foundation
import Handlers
import JobQueue
import Postgres
import Producers
import Report
import Stores
import Synchronization
import TestSupport
import Testing

/// Governments as entities (sql/016), each test in a database of its own: the shared test database holds one
/// government, and these need several (or none yet).
@Suite("governments: OPD codes apart per government; the government-wide LKIP")
struct PemdaTests {
    static let kode = "1.01.0.00.0.00.01.0000"

    /// A scratch database, a folder for files, and a worker on the default queue.
    struct Place {
        let scratch: ScratchDatabase
        let conn: Connection
        let dir: URL

        init(_ prefix: String) throws {
            (scratch, conn) = try ScratchDatabase.migrated(prefix)
            dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName(prefix))
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }

        func write(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }

        func runWorkers() {
            TestWorkers.runUntilIdle(
                conninfo: scratch.url, queue: "default", registry: KinerjaHandlers.registry(), name: "pemda-test",
                lease: 60)
        }

        func job(_ id: Int64) throws -> JobRecord { try TestJobs.job(id, on: conn) }

        func report(_ id: Int64) throws -> String {
            guard case .number(let text)? = try job(id).result?["report_id"], let reportID = Int64(text),
                let (_, data) = try ReportStore.content(id: reportID, on: conn)
            else { throw PostgresError(kind: .usage, message: "job \(id) stored no report", operation: "test") }
            return String(decoding: data, as: UTF8.self)
        }

        func cleanup() {
            scratch.drop()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    static func budget(pemerintah: String?, anggaran: String, realisasi: String) -> String {
        let head = "tahun,\(pemerintah == nil ? "" : "pemerintah,")kode_opd,nama_opd,kode_program,nama_program,"
        let row = "2024,\(pemerintah.map { "\($0)," } ?? "")\(kode),Dinas Pendidikan,1.01.01,Program Satu,"
        return head + "anggaran,realisasi\n" + row + "\"\(anggaran)\",\"\(realisasi)\"\n"
    }

    @Test("two governments' budgets with the same OPD code stand apart in v_penyerapan and in their reports")
    func sameOPDCodeApart() throws {
        let place = try Place("pemda2")
        defer { place.cleanup() }
        // One file names its government in a column, the other is given it on the command line.
        let first = try place.write(
            "a.csv", Self.budget(pemerintah: "Kota Satu", anggaran: "1.000.000,00", realisasi: "500.000,00"))
        let second = try place.write(
            "b.csv", Self.budget(pemerintah: nil, anggaran: "2.000.000,00", realisasi: "1.500.000,00"))
        let a = try ImportProducer.enqueueRKA(file: first, tahun: nil, kodeOPD: nil, on: place.conn).jobID
        let b = try ImportProducer.enqueueRKA(
            file: second, tahun: nil, kodeOPD: nil, options: ImportEnqueueOptions(pemda: "Kabupaten Dua"),
            on: place.conn
        ).jobID
        place.runWorkers()
        #expect(try place.job(a).state == .completed, "\((try? TestJobs.lastError(a, on: place.conn)) ?? "")")
        #expect(try place.job(b).state == .completed, "\((try? TestJobs.lastError(b, on: place.conn)) ?? "")")

        let rows = try place.conn.query(
            """
            SELECT pemerintah, anggaran::text, persen::numeric(5,2)::text FROM kinerja.v_penyerapan
            WHERE kode_opd = \(Self.kode) AND tingkat = 'opd' ORDER BY pemerintah
            """
        ).rows.map {
            [try $0.decode(0, as: String.self), try $0.decode(1, as: String.self), try $0.decode(2, as: String.self)]
        }
        #expect(rows == [["Kabupaten Dua", "2000000.00", "75.00"], ["Kota Satu", "1000000.00", "50.00"]])
        #expect(try place.conn.query("SELECT count(*)::int FROM kinerja.opd").first!.decode(0, as: Int.self) == 2)

        var reports: [String: Int64] = [:]
        for name in ["Kota Satu", "Kabupaten Dua"] {
            let pemda = try #require(try PemdaStore.named(name, on: place.conn))
            reports[name] = try Producer.submit(
                try ProduceReportArgs(tahun: 2024, kodeOPD: Self.kode, format: .md, pemdaID: pemda).job(),
                on: place.conn)[0].id
        }
        place.runWorkers()
        let satu = try place.report(reports["Kota Satu"]!)
        let dua = try place.report(reports["Kabupaten Dua"]!)
        #expect(satu.contains("Pemerintah Kota Satu") && satu.contains("50,00%") && !satu.contains("75,00%"))
        #expect(dua.contains("Pemerintah Kabupaten Dua") && dua.contains("75,00%") && !dua.contains("50,00%"))

        // A third file that names no government, in a database of two, is refused naming both.
        let third = try place.write(
            "c.csv", Self.budget(pemerintah: nil, anggaran: "3.000.000,00", realisasi: "3.000.000,00"))
        let c = try ImportProducer.enqueueRKA(file: third, tahun: nil, kodeOPD: nil, on: place.conn).jobID
        place.runWorkers()
        #expect(try place.job(c).state == .discarded)
        let refusal = try TestJobs.lastError(c, on: place.conn)
        #expect(
            refusal.contains("basis data ini memuat 2 pemerintah (") && refusal.contains("Kota Satu")
                && refusal.contains("Kabupaten Dua"))
        // And a report asked for without a government is refused the same way, not guessed.
        let guess = try Producer.submit(
            try ProduceReportArgs(tahun: 2024, kodeOPD: Self.kode, format: .md).job(), on: place.conn)[0].id
        place.runWorkers()
        #expect(try place.job(guess).state == .discarded)
    }

    @Test("two first imports at once, one naming the government and one not, find one government, not two")
    func firstImportsAtOnce() throws {
        let place = try Place("pemdarace")
        defer { place.cleanup() }
        try place.conn.execute("BEGIN")
        let first = try place.conn.query("SELECT kinerja.pemda_for(NULL, NULL)").first!.decode(0, as: Int.self)
        let url = place.scratch.url
        let second = Mutex<Result<Int, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let result = Result {
                try Connection(url).query("SELECT kinerja.pemda_for(NULL, 'Kota Satu')").first!.decode(0, as: Int.self)
            }
            second.withLock { $0 = result }
            done.signal()
        }
        // The second waits for the first's transaction (it would otherwise create a second government).
        #expect(done.wait(timeout: .now() + 0.5) == .timedOut)
        try place.conn.execute("COMMIT")
        done.wait()
        #expect(try second.withLock { try $0?.get() } == first)
        let names = try place.conn.query("SELECT nama FROM kinerja.pemda").rows.map {
            try $0.decode(0, as: String.self)
        }
        #expect(names == ["Kota Satu"])
    }

    @Test("a row naming another government than --pemda is refused; a code and a name of two are refused")
    func conflictingNames() throws {
        let place = try Place("pemdax")
        defer { place.cleanup() }
        let file = try place.write(
            "a.csv", Self.budget(pemerintah: "Kota Satu", anggaran: "1.000,00", realisasi: "1.000,00"))
        _ = try place.conn.query("SELECT kinerja.pemda_for('62.71', 'Kota Dua')")
        let job = try ImportProducer.enqueueRKA(
            file: file, tahun: nil, kodeOPD: nil, options: ImportEnqueueOptions(pemda: "62.71"), on: place.conn
        ).jobID
        place.runWorkers()
        #expect(try place.job(job).state == .discarded)
        #expect(
            try TestJobs.lastError(job, on: place.conn).contains(
                "a.csv baris 2: berkas menyebut pemerintah Kota Satu, pekerjaan ini untuk 62.71"))
        #expect(throws: PostgresError.self) {
            try place.conn.query("SELECT kinerja.pemda_for('62.72', 'kota  DUA')")
        }
    }

    @Test("the government-wide LKIP of the demo data: the IKU table, budget per OPD sorted with the total")
    func governmentReport() throws {
        let place = try Place("pemdalkip")
        defer { place.cleanup() }
        let demo = TestDatabase.packageRoot.appendingPathComponent("ops/demo")
        func path(_ name: String) -> String { demo.appendingPathComponent(name).path }
        let jobs = [
            try ImportProducer.enqueueKinerja(file: path("kinerja-2020.csv"), on: place.conn).jobID,
            try ImportProducer.enqueueRKA(file: path("rka-2020.csv"), tahun: nil, kodeOPD: nil, on: place.conn).jobID,
            try ImportProducer.enqueueRKA(
                file: path("apbd-pemda-2020.csv"), tahun: nil, kodeOPD: nil, on: place.conn
            ).jobID,
            try ImportProducer.enqueueKinerja(file: path("iku-pemda-2020.csv"), iku: true, on: place.conn).jobID,
            // The government's own narrative: a header that names the government and no OPD.
            try ImportProducer.enqueueNarasi(
                file: try place.write(
                    "narasi-pemda.md",
                    "---\ntahun: 2020\npemerintah: Pemerintah Kota Palangka Raya\n---\n# Pendahuluan\n\n"
                        + "Narasi <b>pemerintah</b> kota.\n\n# Penutup\n\nPenutup pemerintah.\n"),
                on: place.conn
            ).jobID,
        ]
        place.runWorkers()
        for id in jobs {
            #expect(try place.job(id).state == .completed, "\((try? TestJobs.lastError(id, on: place.conn)) ?? "")")
        }
        // The IKU file has no sasaran column: it imports with one warning, under the government (no OPD).
        let iku = try place.conn.query(
            """
            SELECT kode, tingkat FROM kinerja.v_temuan
            WHERE kode_opd IS NULL AND tingkat <> 'info' ORDER BY kode
            """
        ).rows.map { "\(try $0.decode(0, as: String.self)) \(try $0.decode(1, as: String.self))" }
        #expect(iku == ["SASARAN_KOSONG peringatan"])
        #expect(
            try place.conn.query(
                "SELECT count(*)::int FROM kinerja.v_capaian WHERE kode_opd IS NULL AND pemerintah = 'Kota Palangka Raya'"
            ).first!.decode(0, as: Int.self) == 4)

        var reports: [ReportFormat: Int64] = [:]
        for format in [ReportFormat.html, .md] {
            reports[format] = try Producer.submit(
                try ProduceReportArgs(tahun: 2020, kodeOPD: nil, format: format).job(), on: place.conn)[0].id
        }
        place.runWorkers()
        let md = try place.report(reports[.md]!)
        let html = try place.report(reports[.html]!)
        for text in [md, html] {
            #expect(text.contains("Realisasi Anggaran per OPD Tahun 2020"))
            #expect(text.contains("Indeks Pembangunan Manusia"))
            #expect(text.contains("75.298.062.635,13"))  // the four OPDs' anggaran, the table's total
            #expect(text.contains("SASARAN_KOSONG") || text.contains("SASARAN\\_KOSONG"))  // Markdown escapes _
            // Every OPD once, in code order.
            let order = [
                "Dinas Kesehatan", "Badan Perencanaan Pembangunan Daerah", "Kecamatan Pahandut",
                "Badan Kesatuan Bangsa dan Politik",
            ].map { name in text.range(of: name).map { text.distance(from: text.startIndex, to: $0.lowerBound) } }
            #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted())
        }
        #expect(md.contains("Pemerintah Kota Palangka Raya") && md.contains("Kode pemda"))
        #expect(html.contains("Narasi &lt;b&gt;pemerintah&lt;/b&gt; kota.") && md.contains("Penutup pemerintah."))
        #expect(!md.contains("narasi OPD belum diimpor"))
        #expect(!html.contains("Program Peningkatan Kewaspadaan Nasional"))  // no per-program table
    }

    @Test("printed capaian of an IKU file are checked: a wrong one is a finding under the government")
    func ikuPrintedChecked() throws {
        let place = try Place("pemdaiku")
        defer { place.cleanup() }
        let text = try String(
            contentsOf: TestDatabase.packageRoot.appendingPathComponent("ops/demo/iku-pemda-2020.csv"), encoding: .utf8)
        let file = try place.write("iku.csv", text.replacingOccurrences(of: ";93,08", with: ";95,00"))
        let job = try ImportProducer.enqueueKinerja(file: file, iku: true, on: place.conn).jobID
        place.runWorkers()
        #expect(try place.job(job).state == .completed)
        let printed = try place.conn.query(
            "SELECT pesan FROM kinerja.v_temuan WHERE kode = 'PERSEN_BEDA' AND kode_opd IS NULL"
        ).rows.map { try $0.decode(0, as: String.self) }
        #expect(printed.count == 1 && printed[0].contains("Indeks Reformasi Birokrasi"))
        // An IKU file with an OPD column is refused (the government's own indicators have no OPD): by the producer,
        // and by the worker when it reaches one anyway.
        let withOPD = try place.write("opd.csv", "tahun;kode_opd;indikator;target;realisasi\n2020;1.01;X;1;1\n")
        #expect(throws: ImportUsageError.self) {
            _ = try ImportProducer.enqueueKinerja(file: withOPD, iku: true, on: place.conn)
        }
        let refused = try place.conn.transaction { tx in
            let upload = try UploadStore.upload(path: withOPD, fileName: "opd.csv", on: tx)
            let args = ImportArgs(
                uploadID: upload.id, fileName: "opd.csv", sha256: upload.sha256, sizeBytes: upload.sizeBytes, iku: true)
            return try Producer.submit(NewJob(kind: JobKind.importKinerja, args: try JSONText(encoding: args)), on: tx)[
                0
            ]
            .id
        }
        place.runWorkers()
        #expect(try place.job(refused).state == .discarded)
        #expect(try TestJobs.lastError(refused, on: place.conn).contains("hapus kolom kode_opd"))
    }

    @Test("migration 016: OPDs and results from before take one government, named as the OPDs named it")
    func upgrade() throws {
        let scratch = try ScratchDatabase("mig016")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        try scratch.migrate(before: "016", on: conn)
        try conn.execute(
            """
            INSERT INTO kinerja.opd (kode, nama, pemerintah) VALUES ('X1', 'OPD X', 'Kota Lama'), ('X2', 'OPD Y', NULL);
            INSERT INTO kinerja.sasaran (kode_opd, nama) VALUES ('X2', 'S');
            INSERT INTO kinerja.imports (kind, file_name, sha256, tahun, kode_opd, versi, rows)
            VALUES ('rka', 'a.csv', 'h', 2020, 'X1', 'murni', 1);
            INSERT INTO kinerja.anggaran (tahun, kode_opd, versi, tingkat, kode_program, nama_program, anggaran,
                                          realisasi, import_id, source_row)
            VALUES (2020, 'X1', 'murni', 'program', '1', 'P', 100, 50, 1, 2);
            INSERT INTO kinerja.penyerapan VALUES (2020, 'X1', 'opd', '', '', '', 100, 50, 50);
            INSERT INTO kinerja.temuan (tahun, kode_opd, kode, tingkat, pesan, asal)
            VALUES (2020, 'X2', 'SASARAN_KOSONG', 'info', 'm', 'recompute');
            INSERT INTO kinerja.narasi (tahun, kode_opd, dokumen, file_name) VALUES (2020, 'X1', '{}', 'n.md');
            """)
        let applied = try scratch.migrateToToday(on: conn)
        #expect(applied.first == "016_pemda.sql")
        #expect(
            try conn.query("SELECT string_agg(nama, ',') FROM kinerja.pemda").first!.decode(0, as: String.self)
                == "Kota Lama")
        for view in ["v_penyerapan", "v_temuan"] {
            let names = try conn.query(SQL(unsafeSQL: "SELECT DISTINCT pemerintah FROM kinerja.\(view)")).rows.map {
                try $0.decode(0, as: String.self)
            }
            #expect(names.allSatisfy { $0 == "Kota Lama" }, "\(view)")
        }
        #expect(
            try conn.query("SELECT count(*)::int FROM kinerja.v_anggaran_berlaku WHERE pemda_id IS NOT NULL").first!
                .decode(0, as: Int.self) == 1)
        #expect(
            try conn.query("SELECT count(DISTINCT pemda_id)::int FROM kinerja.narasi").first!.decode(0, as: Int.self)
                == 1)
    }
}

@Suite("governments: the upgrade and the job arguments")
struct PemdaUpgradeTests {
    @Test(
        "migration 016 with OPDs of two governments: titles dropped, a many-OPD import takes its indicators' government"
    )
    func upgradeSeveral() throws {
        let scratch = try ScratchDatabase("mig016b")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        try scratch.migrate(before: "016", on: conn)
        try conn.execute(
            """
            INSERT INTO kinerja.opd (kode, nama, pemerintah)
            VALUES ('X1', 'OPD X', 'Pemerintah Kota Lama'), ('X2', 'OPD Y', 'kota  lama'), ('X3', 'OPD Z', 'Kota Baru');
            INSERT INTO kinerja.sasaran (kode_opd, nama) VALUES ('X3', 'S');
            INSERT INTO kinerja.indikator (sasaran_id, nama) VALUES (1, 'I');
            INSERT INTO kinerja.imports (kind, file_name, sha256, tahun, kode_opd, rows)
            VALUES ('kinerja', 'k.csv', 'h', 2020, NULL, 1);
            INSERT INTO kinerja.indikator_nilai (indikator_id, tahun, realisasi, import_id) VALUES (1, 2020, 5, 1);
            """)
        try scratch.migrateToToday(on: conn)
        let names = try conn.query("SELECT nama FROM kinerja.pemda ORDER BY nama").rows.map {
            try $0.decode(0, as: String.self)
        }
        #expect(names == ["Kota Baru", "Kota Lama"])
        let importGovernment = try conn.query(
            "SELECT p.nama FROM kinerja.imports i JOIN kinerja.pemda p ON p.id = i.pemda_id WHERE i.id = 1"
        ).first!.decode(0, as: String.self)
        #expect(importGovernment == "Kota Baru")
        // A later file naming the government with its title finds the same one.
        #expect(
            try conn.query("SELECT kinerja.pemda_named('Pemerintah Kota Lama') = kinerja.pemda_named('Kota Lama')")
                .first!.decode(0, as: Bool.self))
    }

    @Test("job arguments: pemda_id must be a number, a report's kode_opd text or absent")
    func arguments() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("pemdaargs")
        defer { scratch.drop() }
        for args in [#"{"tahun": 2024, "pemda_id": "5"}"#, #"{"tahun": 2024, "kode_opd": 5}"#] {
            #expect(throws: PostgresError.self, "\(args)") {
                try Producer.submit(NewJob(kind: JobKind.produceReport, args: JSONText(args)), on: conn)
            }
        }
        // `iku` belongs to performance imports only: the same upload's arguments pass for import_kinerja.
        let upload =
            #"{"upload_id": 1, "file_name": "a.csv", "sha256": "\#(String(repeating: "a", count: 64))", "iku": true}"#
        func check(_ kind: String) throws {
            try conn.query(
                "SELECT kinerja.check_job(\(kind), \(upload)::jsonb, 'default', 0, NULL::timestamptz, 3, NULL::int)")
        }
        #expect(throws: PostgresError.self) { try check(JobKind.importRKA) }
        try check(JobKind.importKinerja)
        let ok = try Producer.submit(
            NewJob(kind: JobKind.produceReport, args: JSONText(#"{"tahun": 2024, "pemda_id": 5}"#)), on: conn)
        #expect(ok.count == 1)
    }
}

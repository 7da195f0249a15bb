import Foundation
import Handlers
import JobQueue
import Postgres
import Producers
import Report
import Stores
import TestSupport
import Testing

@Suite("produce_report: the LKIP of one OPD and year, stored in kinerja.reports")
struct ReportJobTests {
    /// Every format twice, on one data set, by one worker pool.
    @Test("every format renders from the database, is stored with its sha256, and is reproducible")
    func producesReports() throws {
        let kit = try ReportTestKit("rep")
        try kit.insertDataSet()
        let formats = ReportFormat.allCases
        let first = try formats.map { try kit.enqueue($0) }
        kit.runWorkers()
        let second = try formats.map { try kit.enqueue($0) }
        kit.runWorkers()

        var contents: [String: (Data, Data, String, String)] = [:]
        for (index, format) in formats.enumerated() {
            for id in [first[index], second[index]] {
                let job = try kit.job(id)
                #expect(job.state == .completed, "\(format): \(job.errors)")
                let stored = try #require(try kit.stored(job: id), "no reports row for job \(id)")
                #expect(stored.sha256 == stored.actual)
                #expect(job.result?["sha256"]?.stringValue == stored.sha256)
                #expect(job.result?["format"]?.stringValue == format.rawValue)
                #expect(job.result?["bytes"] == .number(String(stored.content.count)))
                #expect(job.result?["report_id"] != nil)
            }
            let a = try #require(try kit.stored(job: first[index]))
            let b = try #require(try kit.stored(job: second[index]))
            contents[format.rawValue] = (a.content, b.content, a.generatedAt, b.generatedAt)
        }

        // Same data, same bytes: only lines carrying the generated-at time may differ.
        for (format, (a, b, stampA, stampB)) in contents {
            #expect(stampA.hasSuffix(" WIB"))
            func withoutStamp(_ data: Data) -> [Substring] {
                String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.contains(stampA) && !$0.contains(stampB) }
            }
            #expect(withoutStamp(a) == withoutStamp(b), "\(format) differs beyond the generated-at line")
            let stampLines = String(decoding: a, as: UTF8.self).split(separator: "\n").filter { $0.contains(stampA) }
            #expect(stampLines.count <= 1, "\(format): \(stampLines)")
        }
        #expect(contents["csv"]!.0 == contents["csv"]!.1)

        // HTML: the Indonesian figures, missing values as "belum tersedia", input escaped.
        let html = String(decoding: contents["html"]!.0, as: UTF8.self)
        for expected in [
            "Dinas Uji Laporan", "Kota Palangka Raya", "13,33%", "96,87%", "belum tersedia", "56,67%",
            "3.776.718.927,63",
            "80,00%", "96,84%", "-6,67", "Belanja di luar program", "Permendagri 86/2017", "kinerja-2025.csv",
            String(repeating: "c", count: 64), "10 Januari 2026 08.00 WIB", "dipakai target RPJMD (95%)",
        ] {
            #expect(html.contains(expected), "HTML lacks \(expected)")
        }
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("Dibuat: \(contents["html"]!.2)"))

        // CSV: the formula-like indicator name is neutralised wherever it appears.
        let csv = String(decoding: contents["csv"]!.0, as: UTF8.self)
        #expect(csv.contains("'=HYPERLINK"))
        #expect(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"))
        #expect(csv.contains("13,33%"))

        // JSON: valid against the schema, exact and in order.
        let jsonData = contents["json"]!.0
        let check = try SchemaValidator.validate(jsonData)
        #expect(check.exitCode == 0, "\(check.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: jsonData) as? [String: Any])
        let measurements = try #require(json["measurements"] as? [[String: Any]])
        #expect(
            measurements.map { $0["indikator"] as? String } == [
                "Jumlah pertemuan koordinasi", "Indeks Toleransi", "=HYPERLINK(\"http://x\",\"y\")",
            ])
        #expect(measurements[1]["realisasi"] is NSNull)
        #expect(measurements[1]["capaian"] is NSNull)
        #expect(measurements[1]["status"] as? String == "realisasi_kosong")
        #expect((measurements[0]["capaian"] as? String)?.hasPrefix("13.3333333") == true)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.map { $0["severity"] as? String } == ["galat", "peringatan", "info"])
        let sasaran = try #require((json["sasaran_summaries"] as? [[String: Any]])?.first)
        #expect(sasaran["indikator_dikecualikan"] as? Int == 1)
        let excluded = try #require((sasaran["dikecualikan"] as? [[String: Any]])?.first)
        #expect(excluded["indikator"] as? String == "Indeks Toleransi")
        #expect((excluded["alasan"] as? String)?.contains("Realisasi belum tersedia") == true)
        let lastYear = try #require(json["last_year_comparison"] as? [[String: Any]])
        #expect((lastYear[0]["perubahan_poin"] as? String)?.hasPrefix("-6.666") == true)
        #expect(lastYear[1]["perubahan_poin"] is NSNull)
        #expect(lastYear[2]["realisasi_tahun_lalu"] is NSNull)
        let medium = try #require(json["medium_term_comparison"] as? [[String: Any]])
        #expect(medium[0]["capaian"] as? String == "10")
        #expect(medium[2]["target_akhir_periode"] as? String == "95%")
        #expect((medium[2]["keterangan"] as? String)?.contains("RPJMD") == true)
        let money = try #require(json["performance_vs_money"] as? [String: Any])
        #expect(money["indikator_dihitung"] as? Int == 2)
        #expect(money["indikator_dikecualikan"] as? Int == 1)
        let byProgram = try #require(json["budget_by_program"] as? [String: Any])
        #expect((byProgram["total"] as? [String: Any])?["anggaran"] as? String == "3776718927.63")
        #expect((byProgram["rows"] as? [[String: Any]])?.count == 2)
        let imports = try #require((json["footnotes"] as? [String: Any])?["imports"] as? [[String: Any]])
        #expect(imports.map { $0["kind"] as? String } == ["import_kinerja", "import_rka"])

        // The store the CLI reads.
        let listed = try ReportStore.list(kodeOPD: kit.kode, tahun: kit.tahun, limit: 100, on: kit.conn)
        #expect(listed.count == 2 * formats.count)
        #expect(listed.map(\.id) == listed.map(\.id).sorted(by: >))
        #expect(try ReportStore.list(kodeOPD: kit.kode, tahun: kit.tahun - 1, limit: 100, on: kit.conn).isEmpty)
        let pemda = try #require(try PemdaStore.only(on: kit.conn))
        let latest = try #require(
            try ReportStore.latest(tahun: kit.tahun, kodeOPD: kit.kode, pemdaID: pemda, format: "html", on: kit.conn))
        #expect(latest.jobID == second[0])
        let (info, data) = try #require(try ReportStore.content(id: latest.id, on: kit.conn))
        #expect(info == latest)
        #expect(info.bytes == data.count)
        #expect(try kit.stored(job: second[0])?.content == data)
        #expect(try ReportStore.content(id: -1, on: kit.conn) == nil)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(info)) as? [String: Any]
        #expect(
            Set(encoded?.keys.map { $0 } ?? []) == [
                "id", "job_id", "tahun", "kode_opd", "format", "bytes", "sha256", "created_at", "pemda_id",
            ])
    }

    @Test("a scope without indicator values or budget discards the job, naming the scope")
    func emptyScope() throws {
        let kit = try ReportTestKit("kosong")
        try kit.conn.execute("INSERT INTO kinerja.opd (kode, nama) VALUES (\(kit.kode), 'Dinas Kosong')")
        let id = try kit.enqueue(.html)
        let unknown = try kit.enqueue(.md, kodeOPD: kit.kode + ".tidak-ada")
        kit.runWorkers()
        let job = try kit.job(id)
        #expect(job.state == .discarded)
        #expect(job.attempt == 1)
        #expect(try kit.lastError(id).contains("tidak ada data untuk OPD \(kit.kode) tahun \(kit.tahun)"))
        #expect(try kit.job(unknown).state == .discarded)
        #expect(
            try kit.lastError(unknown).contains("tidak ada data untuk OPD \(kit.kode).tidak-ada tahun \(kit.tahun)"))
        #expect(
            try kit.conn.query("SELECT count(*)::int FROM kinerja.reports WHERE kode_opd = \(kit.kode)")
                .first!.decode(0, as: Int.self) == 0)
    }

    @Test("a temuan whose code no check defines discards the job, naming the code")
    func unknownTemuanCode() throws {
        let kit = try ReportTestKit("kodelain")
        try kit.insertDataSet()
        try kit.conn.execute(
            """
            INSERT INTO kinerja.temuan (tahun, kode_opd, kode, tingkat, pesan, asal)
            VALUES (\(kit.tahun), \(kit.kode), 'ANGKA_TIDAK_SAH', 'galat', 'Angka tidak sah.', 'recompute')
            """)
        let id = try kit.enqueue(.json)
        kit.runWorkers()
        #expect(try kit.job(id).state == .discarded)
        #expect(try kit.lastError(id).contains("kode temuan \"ANGKA_TIDAK_SAH\" di v_temuan tidak dikenal"))
    }

    @Test("arguments: snake_case, html by default, an unknown format or an empty OPD refused")
    func arguments() throws {
        let args = try JSONText("{\"tahun\": 2025, \"kode_opd\": \"1.01\"}").decode(ProduceReportArgs.self)
        #expect(args == ProduceReportArgs(tahun: 2025, kodeOPD: "1.01", format: .html))
        let job = try ProduceReportArgs(tahun: 2025, kodeOPD: "1.01", format: .csv).job()
        #expect(job.kind == JobKind.produceReport)
        #expect(job.args.text == "{\"format\":\"csv\",\"kode_opd\":\"1.01\",\"tahun\":2025}")
        let pdf = #expect(throws: DecodingError.self) {
            try JSONText("{\"tahun\": 2025, \"kode_opd\": \"1.01\", \"format\": \"pdf\"}").decode(
                ProduceReportArgs.self)
        }
        #expect(String(describing: pdf).contains("format \"pdf\" tidak dikenal"))
        #expect(throws: ReportArgumentError.self) { try ProduceReportArgs(tahun: 2025, kodeOPD: " ").job() }
    }

    @Test("generated-at is printed in Western Indonesian Time")
    func timestamp() {
        // 2026-11-29 03:15:59 UTC is 10.15 WIB.
        #expect(ReportTimestamp.format(Date(timeIntervalSince1970: 1_795_922_159)) == "29 November 2026 10.15 WIB")
        // Past midnight in Jakarta while still the previous day in UTC.
        #expect(ReportTimestamp.format(Date(timeIntervalSince1970: 1_767_200_400)) == "1 Januari 2026 00.00 WIB")
    }
}

import Foundation
import JobQueue
import Postgres
import Producers
import TestSupport
import Testing

/// Whole-government budget exports: every OPD of the government in one file, one job.
@Suite("import_rka: whole-government exports")
struct WholeGovernmentImportTests {
    static let header =
        "tahun;kode_skpd;nama_skpd;kode_program;nama_program;kode_kegiatan;nama_kegiatan;kode_sub_kegiatan;"
        + "nama_sub_kegiatan;kode_rekening;uraian;nilai_rincian;realisasi;persen"

    /// One OPD's block as SIPD lists it: a program, two kegiatan with a sub kegiatan each, their accounts, and a
    /// JUMLAH row; the same codes under every OPD. Amounts scale with `scale`; realisasi is 90 %. `persen` prints
    /// the program's and the first kegiatan's percentage (90,00 is right).
    static func block(
        _ kode: String, scale: Int, persen: (program: String, kegiatan: String) = ("90,00", "90,00"),
        tahun: Int = 2024
    ) -> [String] {
        func rp(_ n: Int) -> String {
            var digits = String(n * scale)
            var out = ""
            while digits.count > 3 {
                out = "." + digits.suffix(3) + out
                digits.removeLast(3)
            }
            return digits + out
        }
        func r(_ n: Int) -> String { rp(n * 9 / 10) }
        let opd = "\(tahun);\(kode);Dinas \(kode)"
        let program = "\(opd);1.01.01;Program Satu"
        let k1 = "\(program);1.01.01.2.01;Kegiatan Satu"
        let k2 = "\(program);1.01.01.2.02;Kegiatan Dua"
        return [
            "\(program);;;;;;;\(rp(1_000_000));\(r(1_000_000));\(persen.program)",
            "\(k1);;;;;\(rp(600_000));\(r(600_000));\(persen.kegiatan)",
            "\(k1);1.01.01.2.01.0001;Sub Satu;;;\(rp(600_000));\(r(600_000));90,00",
            "\(k1);1.01.01.2.01.0001;Sub Satu;5.1.02.01.01.0001;Belanja ATK;\(rp(400_000));\(r(400_000));",
            "\(k1);1.01.01.2.01.0001;Sub Satu;5.1.02.01.01.0002;Belanja Cetak;\(rp(200_000));\(r(200_000));",
            "\(k2);;;;;\(rp(400_000));\(r(400_000));90,00",
            "\(k2);1.01.01.2.02.0001;Sub Dua;;;\(rp(400_000));\(r(400_000));90,00",
            "\(k2);1.01.01.2.02.0001;Sub Dua;5.1.02.01.01.0001;Belanja ATK;\(rp(400_000));\(r(400_000));",
            ";;;;;;;;;;JUMLAH;\(rp(1_000_000));\(r(1_000_000));90,00",
        ]
    }

    static func file(_ blocks: [[String]], grandTotal: String? = nil) -> String {
        ([header] + blocks.flatMap { $0 } + (grandTotal.map { [";;;;;;;;;;TOTAL;\($0);;"] } ?? [])).joined(
            separator: "\n") + "\n"
    }

    /// Every column of `v_penyerapan` but the year and OPD, for one OPD, in a stable order.
    func absorption(_ kit: ImportTestKit, _ kode: String) throws -> [String] {
        try kit.conn.query(
            """
            SELECT row(tingkat, kode, nama, jenis_belanja, anggaran, realisasi, persen)::text FROM kinerja.v_penyerapan
            WHERE kode_opd = \(kode) ORDER BY tingkat, kode, nama, jenis_belanja
            """
        ).rows.map { try $0.decode(0, as: String.self) }
    }

    func codes(_ prefix: String) -> (String, String, String, String) {
        (
            TestDatabase.uniqueName("T.\(prefix)a"), TestDatabase.uniqueName("T.\(prefix)b"),
            TestDatabase.uniqueName("T.\(prefix)c"), TestDatabase.uniqueName("T.\(prefix)d")
        )
    }

    /// Recomputes 2024 of `opds` on the test's own queue (an import's follow-ups go to the default queue).
    func recompute(_ kit: ImportTestKit, _ opds: [String]) throws {
        let ids = try opds.map { kode in
            try Producer.enqueue(
                NewJob(
                    kind: JobKind.recomputeCapaian,
                    args: try JSONText(encoding: RecomputeArgs(tahun: 2024, kodeOPD: kode)), queue: kit.queue),
                on: kit.conn
            ).id
        }
        kit.runWorkers()
        for id in ids { #expect(try kit.job(id).state == .completed) }
    }

    func scopes(_ job: JobRecord, _ key: String = "scopes") -> [String] {
        job.result?[key]?.elements.compactMap { $0["kode_opd"]?.stringValue } ?? []
    }

    @Test(
        "a two-OPD SIPD export: one job, no --opd; each OPD as if imported alone, findings only where printed figures disagree"
    )
    func twoOPDs() throws {
        let kit = try ImportTestKit("wg")
        defer { kit.cleanup() }
        let (a, b, c, d) = codes("wg")
        let blockB = Self.block(b, scale: 2, persen: ("80,00", "85,00"))
        let whole = try kit.write(
            "apbd-2024.csv", Self.file([Self.block(a, scale: 1), blockB], grandTotal: "3.000.000"))
        let job = try kit.enqueueRKA(whole).jobID
        // The same lines as two files of one OPD each, under two other codes.
        let alone = [
            try kit.write("c.csv", Self.file([Self.block(c, scale: 1)])),
            try kit.write("d.csv", Self.file([Self.block(d, scale: 2, persen: ("80,00", "85,00"))])),
        ]
        let separate = try alone.map { try kit.enqueueRKA($0).jobID }
        kit.runWorkers()
        let record = try kit.job(job)
        #expect(record.state == .completed, "\(record.errors)")
        #expect(scopes(record) == [a, b])
        #expect(record.result?["recompute_job_ids"]?.elements.count == 2)
        #expect(record.result?["checked_rows"] == .number("3"))  // two JUMLAH rows and the grand TOTAL
        for id in separate { #expect(try kit.job(id).state == .completed) }
        try recompute(kit, [a, b, c, d])
        let gotA = try absorption(kit, a)
        #expect(gotA.count > 5)
        #expect(gotA == (try absorption(kit, c)))
        #expect(try absorption(kit, b) == (try absorption(kit, d)))
        #expect(try absorption(kit, b) != gotA)
        // The codes repeat under both OPDs and stay apart: each OPD's program holds its own lines only.
        let program = try kit.conn.query(
            """
            SELECT kode_opd, anggaran::text FROM kinerja.v_penyerapan
            WHERE kode_opd IN (\(a), \(b)) AND tingkat = 'program' ORDER BY kode_opd
            """
        ).rows.map { "\(try $0.decode(0, as: String.self)) \(try $0.decode(1, as: String.self))" }
        #expect(program == ["\(a) 1000000.00", "\(b) 2000000.00"])
        #expect(try kit.findingCodes(a) == [])
        #expect(try kit.findingCodes(b) == ["PERSEN_BEDA", "PERSEN_BEDA"])
        #expect(try kit.findingCodes(d) == ["PERSEN_BEDA", "PERSEN_BEDA"])
    }

    @Test("a grand total that is not the sum of every OPD's lines is named on the last OPD, with the OPD count")
    func wrongGrandTotal() throws {
        let kit = try ImportTestKit("wgt")
        defer { kit.cleanup() }
        let (a, b, _, _) = codes("wgt")
        let path = try kit.write(
            "apbd.csv", Self.file([Self.block(a, scale: 1), Self.block(b, scale: 2)], grandTotal: "3.000.100"))
        let job = try kit.enqueueRKA(path).jobID
        kit.runWorkers()
        #expect(try kit.job(job).state == .completed)
        #expect(try kit.findingCodes(a) == [])
        let pesan = try kit.conn.query("SELECT pesan FROM kinerja.temuan WHERE kode_opd = \(b)").rows.map {
            try $0.decode(0, as: String.self)
        }
        #expect(
            pesan == [
                "TOTAL: anggaran tercetak 3.000.100, jumlah 2 baris dari 2 OPD di atasnya 3.000.000 (selisih 100)."
            ], "\(pesan)")
    }

    @Test("grand totals close their own year; an OPD's JUMLAH after its programs' JUMLAH rows closes that OPD only")
    func totalsPerYearAndNested() throws {
        let kit = try ImportTestKit("wgy")
        defer { kit.cleanup() }
        let (a, b, _, _) = codes("wgy")
        // Each OPD closes with a second JUMLAH (its programs', then its own): right for that OPD alone; the TOTAL
        // after them sums both.
        let year = { (tahun: Int) -> [String] in
            let blockA = Self.block(a, scale: 1, tahun: tahun)
            let blockB = Self.block(b, scale: 2, tahun: tahun)
            return blockA + [blockA.last!] + blockB + [blockB.last!] + [";;;;;;;;;;TOTAL;3.000.000;2.700.000;"]
        }
        let path = try kit.write(
            "apbd-2-tahun.csv", ([Self.header] + year(2024) + year(2025)).joined(separator: "\n") + "\n")
        let job = try kit.enqueueRKA(path).jobID
        kit.runWorkers()
        let record = try kit.job(job)
        #expect(record.state == .completed, "\(record.errors)")
        #expect(record.result?["scopes"]?.elements.count == 4)
        let pesan = try kit.conn.query(
            "SELECT pesan FROM kinerja.temuan WHERE kode_opd IN (\(a), \(b))"
        ).rows.map { try $0.decode(0, as: String.self) }
        #expect(pesan.isEmpty, "\(pesan)")
    }

    @Test("an OPD named only on its block's heading row (a merged XLSX cell) owns the lines below it")
    func opdOnHeadingRows() throws {
        let kit = try ImportTestKit("wgh")
        defer { kit.cleanup() }
        let (a, b, _, _) = codes("wgh")
        // The OPD's code and name on a heading row without amounts; its lines leave both cells empty.
        func block(_ kode: String, scale: Int) -> [String] {
            ["2024;\(kode);Dinas \(kode);;;;;;;;;;;"]
                + Self.block(kode, scale: scale).map { $0.replacingOccurrences(of: "\(kode);Dinas \(kode)", with: ";") }
        }
        let path = try kit.write("apbd.csv", Self.file([block(a, scale: 1), block(b, scale: 2)]))
        let job = try kit.enqueueRKA(path).jobID
        kit.runWorkers()
        let record = try kit.job(job)
        #expect(record.state == .completed, "\(record.errors)")
        #expect(scopes(record) == [a, b])
        let sums = try kit.conn.query(
            """
            SELECT kode_opd, sum(anggaran)::text FROM kinerja.anggaran
            WHERE kode_opd IN (\(a), \(b)) AND is_leaf GROUP BY kode_opd ORDER BY kode_opd
            """
        ).rows.map { "\(try $0.decode(0, as: String.self)) \(try $0.decode(1, as: String.self))" }
        #expect(sums == ["\(a) 1000000.00", "\(b) 2000000.00"])
        #expect(
            try kit.conn.query("SELECT nama FROM kinerja.opd WHERE kode = \(b)").first?.decode(0, as: String.self)
                == "Dinas \(b)")
    }

    @Test("re-import: unchanged is a no-op; one OPD changed replaces that scope only, with one recompute")
    func reimport() throws {
        let kit = try ImportTestKit("wgr")
        defer { kit.cleanup() }
        let (a, b, _, _) = codes("wgr")
        let path = try kit.write("apbd.csv", Self.file([Self.block(a, scale: 1), Self.block(b, scale: 2)]))
        let first = try kit.enqueueRKA(path).jobID
        kit.runWorkers()
        #expect(try kit.job(first).state == .completed)
        func current(_ kode: String) throws -> [Int64] {
            try kit.conn.query(
                "SELECT id FROM kinerja.imports WHERE kode_opd = \(kode) AND replaced_by IS NULL ORDER BY id"
            ).rows.map { try $0.decode(0, as: Int64.self) }
        }
        let before = (try current(a), try current(b))
        #expect(before.0.count == 1 && before.1.count == 1)

        // The same file again: the producer returns the job that is in force.
        #expect(try kit.enqueueRKA(path) == (first, true))

        // B's realisasi of one account changes (and its parents'): only B is replaced.
        let changed = Self.file([
            Self.block(a, scale: 1),
            Self.block(b, scale: 2).map {
                $0.replacingOccurrences(of: "Belanja Cetak;400.000;360.000", with: "Belanja Cetak;400.000;350.000")
            },
        ])
        #expect(changed.contains("350.000"))
        let second = try kit.enqueueRKA(try kit.write("apbd.csv", changed)).jobID
        kit.runWorkers()
        let record = try kit.job(second)
        #expect(record.state == .completed, "\(record.errors)")
        #expect(scopes(record, "unchanged_scopes") == [a])
        #expect(record.result?["recompute_job_ids"]?.elements.count == 1)
        // A's lines were read again into the file's one COPY under an id no import row has; the purge deleted them.
        let purged = try kit.conn.query(
            """
            SELECT jsonb_array_elements_text(args->'import_ids')::bigint FROM kinerja.v_jobs
            WHERE queue = \(kit.queue) AND kind = 'purge_reread_lines'
            """
        ).rows.map { try $0.decode(0, as: Int64.self) }
        #expect(
            try kit.count(
                """
                SELECT count(*)::int FROM unnest(\(purged)::bigint[]) p(id)
                WHERE NOT EXISTS (SELECT 1 FROM kinerja.imports i WHERE i.id = p.id)
                """) == 1)
        #expect(try kit.count("SELECT count(*)::int FROM kinerja.anggaran_baris WHERE import_id = ANY(\(purged))") == 0)
        #expect(try current(a) == before.0)
        #expect(try current(b) != before.1)
        let cetak = try kit.conn.query(
            "SELECT realisasi::text FROM kinerja.anggaran WHERE kode_opd = \(b) AND nama_akun = 'Belanja Cetak'"
        ).first!.decode(0, as: String.self)
        #expect(cetak == "350000.00")

        // The first export again: B goes back to its lines, A stays as it is.
        let third = try kit.enqueueRKA(
            try kit.write("apbd.csv", Self.file([Self.block(a, scale: 1), Self.block(b, scale: 2)])))
        #expect(!third.existing)
        kit.runWorkers()
        #expect(try scopes(kit.job(third.jobID), "unchanged_scopes") == [a])
        #expect(try current(a) == before.0)
    }

    @Test("an export of more OPDs than one COPY takes: every scope lands under its own import, ids in file order")
    func manyScopes() throws {
        let kit = try ImportTestKit("wgm")
        defer { kit.cleanup() }
        let count = 2 * 32 + 3
        let kodes = (0..<count).map { TestDatabase.uniqueName("T.wgm\($0)") }
        let job = try kit.enqueueRKA(
            try kit.write("apbd.csv", Self.file(kodes.enumerated().map { Self.block($1, scale: $0 + 1) }))
        ).jobID
        kit.runWorkers()
        let record = try kit.job(job)
        #expect(record.state == .completed, "\(record.errors)")
        #expect(record.result?["recompute_job_ids"]?.elements.count == count)
        let imports = try kit.conn.query(
            """
            SELECT kode_opd, rows FROM kinerja.imports WHERE job_id = \(job) AND replaced_by IS NULL ORDER BY id
            """
        ).rows.map { "\(try $0.decode(0, as: String.self)) \(try $0.decode(1, as: Int.self))" }
        #expect(imports == kodes.map { "\($0) 8" })
        for (i, kode) in kodes.enumerated() where [0, 31, 32, 66].contains(i) {
            let sum = try kit.conn.query(
                "SELECT sum(anggaran)::text FROM kinerja.anggaran WHERE kode_opd = \(kode) AND is_leaf"
            ).first!.decode(0, as: String.self)
            #expect(sum == "\(1_000_000 * (i + 1)).00")
        }
    }

    @Test("an export whose one OPD was replaced by another file since is imported again, not returned as done")
    func exportAfterOneOPDReplaced() throws {
        let kit = try ImportTestKit("wgi")
        defer { kit.cleanup() }
        let (a, b, _, _) = codes("wgi")
        let text = Self.file([Self.block(a, scale: 1), Self.block(b, scale: 2)])
        let path = try kit.write("apbd.csv", text)
        let first = try kit.enqueueRKA(path).jobID
        kit.runWorkers()
        // The same export with a blank line at the end: other bytes, the same content; every scope is kept.
        let copy = try kit.write("apbd.csv", text + "\n")
        let unchanged = try kit.enqueueRKA(copy).jobID
        kit.runWorkers()
        #expect(try scopes(kit.job(unchanged), "unchanged_scopes") == [a, b])
        // B's own file, other figures.
        _ = try kit.enqueueRKA(try kit.write("b.csv", Self.file([Self.block(b, scale: 3)])))
        kit.runWorkers()
        func programB() throws -> String {
            try kit.conn.query(
                "SELECT sum(anggaran)::text FROM kinerja.anggaran WHERE kode_opd = \(b) AND is_leaf"
            ).first!.decode(0, as: String.self)
        }
        #expect(try programB() == "3000000.00")
        // The export the last job kept whole: not returned as done, since B's import from it is replaced.
        let again = try kit.enqueueRKA(copy)
        #expect(again.jobID != unchanged && again.jobID != first && !again.existing)
        kit.runWorkers()
        #expect(try programB() == "2000000.00")
    }

    @Test("an OPD whose lines come back after another OPD's, and --opd with a file of several OPDs, are refused")
    func refused() throws {
        let kit = try ImportTestKit("wgx")
        defer { kit.cleanup() }
        let (a, b, _, _) = codes("wgx")
        let blockA = Self.block(a, scale: 1)
        let path = try kit.write("apbd.csv", Self.file([blockA, Self.block(b, scale: 2), [blockA[4]]]))
        let job = try kit.enqueueRKA(path).jobID
        let limited = try kit.enqueueRKA(
            try kit.write("apbd2.csv", Self.file([blockA, Self.block(b, scale: 2)])), kodeOPD: a
        ).jobID
        kit.runWorkers()
        #expect(try kit.job(job).state == .discarded)
        let interleaved = try kit.lastError(job)
        #expect(
            interleaved.contains(
                "apbd.csv baris 20: OPD \(a) tahun 2024 sudah muncul mulai baris 2, lalu diselingi OPD atau tahun lain"),
            "\(interleaved)")
        #expect(try kit.job(limited).state == .discarded)
        let other = try kit.lastError(limited)
        #expect(other.contains("baris 11, kolom kode_opd (B): \"\(b)\": berkas menyebut OPD \(b)"), "\(other)")
        #expect(try kit.footprint(a) == [0, 0, 0, 0, 0])
    }
}

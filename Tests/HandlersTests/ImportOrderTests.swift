import Foundation
import Handlers
import JobQueue
import Postgres
import TestSupport
import Testing

@Suite("import_rka: line order, replaced imports and the lines' references")
struct ImportOrderTests {
    static func export(_ kode: String, reordered: Bool) -> String {
        let header = "Kode SKPD;Kode Sub Kegiatan;Nama Sub Kegiatan;Kode Rekening;Uraian;Pagu;Realisasi;%"
        var first = [
            "\(kode);8.01.01.2.01.0001;Penyusunan Dokumen;;;1.500.000,00;1.250.000;83,33",
            "\(kode);8.01.01.2.01.0001;;5.1.02;Belanja Barang dan Jasa;1.000.000;900.000;90",
            "\(kode);8.01.01.2.01.0001;;5.1.02.01.01.0024;Belanja Alat Tulis Kantor;600.000;500.000;83,33",
            "\(kode);8.01.01.2.01.0001;;5.1.02.01.01.0026;Belanja Bahan Cetak;400.000;400.000;100",
        ]
        let honorarium = "\(kode);8.01.01.2.01.0001;;5.1.01.01.01.0001;Honorarium;500.000;300.000;65"
        let second = [
            "\(kode);8.01.01.2.01.0002;Koordinasi RKA;;;200.000;;",
            "\(kode);8.01.01.2.01.0002;;5.1.02.01.01.0024;Belanja Alat Tulis Kantor;200.000;;",
        ]
        if !reordered { first.append(honorarium) }
        // Reordered: the first block's Honorarium after the second block, and its 5.1.02 parent after its children.
        let body = reordered ? [first[0], first[2], first[3], first[1]] + second + [honorarium] : first + second
        return ([header] + body).joined(separator: "\n") + "\n"
    }

    /// The OPD's lines as comparable text, whatever their rows, and its findings without their row numbers.
    func outcome(_ kit: ImportTestKit) throws -> (lines: [String], findings: [String]) {
        let lines = try kit.conn.query(
            """
            SELECT concat_ws('|', tingkat, kode_sub_kegiatan, kode_akun, anggaran, realisasi, is_leaf)
            FROM kinerja.v_anggaran_berlaku WHERE kode_opd = \(kit.kode) ORDER BY 1
            """
        ).rows.map { try $0.decode(0, as: String.self) }
        let findings = try kit.conn.query(
            "SELECT kode || ': ' || pesan FROM kinerja.temuan WHERE kode_opd = \(kit.kode) ORDER BY 1"
        ).rows.map { try $0.decode(0, as: String.self) }
        return (lines, findings)
    }

    @Test("a block's accounts in two places give the same lines, leaves and findings as the ordered export")
    func unorderedBlocks() throws {
        var outcomes: [(lines: [String], findings: [String])] = []
        for reordered in [false, true] {
            let kit = try ImportTestKit(reordered ? "unordered" : "ordered")
            defer { kit.cleanup() }
            let path = try kit.write("rincian.csv", Self.export(kit.kode, reordered: reordered))
            let id = try kit.enqueueRKA(path, tahun: 2021).jobID
            kit.runWorkers()
            #expect(try kit.job(id).state == .completed, "\((try? kit.lastError(id)) ?? "")")
            let got = try outcome(kit)
            outcomes.append((got.lines.map { $0.replacingOccurrences(of: kit.kode, with: "") }, got.findings))
        }
        #expect(outcomes[0].lines.count == 7)
        #expect(outcomes[0].lines == outcomes[1].lines)
        #expect(outcomes[0].findings == outcomes[1].findings)
        #expect(outcomes[0].findings.map { String($0.prefix(10)) } == ["INDUK_BEDA", "PERSEN_BED"])
    }

    @Test("a new import hides the lines it replaces at once, and purge_lines deletes them after its commit")
    func replacedLines() throws {
        let kit = try ImportTestKit("purge")
        defer { kit.cleanup() }
        let path = try kit.write("rincian.csv", Self.export(kit.kode, reordered: false))
        _ = try kit.enqueueRKA(path, tahun: 2021)
        kit.runWorkers()
        let firstImport = try kit.count("SELECT min(id)::int FROM kinerja.imports WHERE kode_opd = \(kit.kode)")
        _ = try kit.enqueueRKA(path, tahun: 2021, force: true)
        kit.runWorkers()
        #expect(try kit.count("SELECT count(*)::int FROM kinerja.anggaran WHERE kode_opd = \(kit.kode)") == 7)
        #expect(
            try kit.count(
                "SELECT count(*)::int FROM kinerja.imports WHERE id = \(firstImport) AND replaced_by IS NOT NULL") == 1)
        let purge = try kit.conn.query(
            "SELECT state, result->>'deleted_lines' FROM kinerja.v_jobs WHERE queue = \(kit.queue) AND kind = 'purge_lines'"
        ).rows
        #expect(purge.count == 1)
        #expect(try purge.first?.decode(0, as: JobState.self) == .completed)
        #expect(try purge.first?.decode(1, as: String.self) == "7")
        // The views show only the current import's lines while a replaced import's lines are still stored.
        try kit.conn.execute("BEGIN")
        try kit.conn.execute(
            """
            INSERT INTO kinerja.anggaran (tahun, kode_opd, versi, tingkat, nama_program, anggaran, import_id,
                                          source_row)
            VALUES (2021, \(kit.kode), 'murni', 'program', 'Sisa impor lama', 1, \(firstImport), 99)
            """)
        #expect(try kit.count("SELECT count(*)::int FROM kinerja.v_anggaran_berlaku WHERE kode_opd = \(kit.kode)") == 7)
        #expect(try kit.count("SELECT count(*)::int FROM kinerja.anggaran WHERE kode_opd = \(kit.kode)") == 7)
        #expect(
            try kit.count(
                "SELECT count(*)::int FROM kinerja.anggaran_baris WHERE import_id = \(firstImport)") == 1)
        try kit.conn.execute("ROLLBACK")
    }

    @Test("deleting an import deletes its lines; an OPD with lines cannot be deleted")
    func references() throws {
        let kit = try ImportTestKit("refs")
        defer { kit.cleanup() }
        let path = try kit.write("rincian.csv", Self.export(kit.kode, reordered: false))
        _ = try kit.enqueueRKA(path, tahun: 2021)
        kit.runWorkers()
        do {
            try kit.conn.execute("DELETE FROM kinerja.opd WHERE kode = \(kit.kode)")
            Issue.record("an OPD with budget lines was deleted")
        } catch {
            #expect(error.sqlState == "23503")
        }
        try kit.conn.execute("DELETE FROM kinerja.temuan WHERE kode_opd = \(kit.kode)")
        try kit.conn.execute("DELETE FROM kinerja.imports WHERE kode_opd = \(kit.kode)")
        #expect(try kit.count("SELECT count(*)::int FROM kinerja.anggaran WHERE kode_opd = \(kit.kode)") == 0)
        try kit.conn.execute("DELETE FROM kinerja.opd WHERE kode = \(kit.kode)")
    }
}

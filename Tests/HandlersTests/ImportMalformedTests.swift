import Foundation
import Handlers
import JobQueue
import Postgres
import Producers
import TestSupport
import Testing

@Suite("imports reject malformed input permanently, naming file, row and column, and write nothing")
struct ImportMalformedTests {
    enum Kind { case rka, kinerja }

    struct Case {
        let label: String
        let file: String
        let kind: Kind
        /// Every one of these must appear in the job's error.
        let expect: [String]
        let content: (_ kode: String) throws -> Data
    }

    static let header = "No,Tahun,Kode SKPD,Program,Anggaran (Rp),Realisasi (Rp),%"

    /// A budget file with one data row after the header (row 3 of the file).
    static func rka(_ row: String, header: String = header) -> (String) -> Data {
        { kode in Data("REALISASI ANGGARAN 2020\n\(header)\n\(row.replacingOccurrences(of: "KODE", with: kode))\n".utf8)
        }
    }

    static let kinerjaHeader = "tahun;kode_opd;sasaran;indikator;satuan;polaritas;metode;target;realisasi"

    static func kinerja(_ rows: String...) -> (String) -> Data {
        { kode in
            Data(([kinerjaHeader] + rows).joined(separator: "\n").replacingOccurrences(of: "KODE", with: kode).utf8)
        }
    }

    static var cases: [Case] {
        let demoXLSX = ImportTestKit.demo.appendingPathComponent("rka-2020.xlsx")
        return [
            Case(label: "binary garbage", file: "sampah.csv", kind: .rka, expect: ["sampah.csv", "data biner"]) { _ in
                Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
            },
            Case(
                label: "truncated XLSX (first 3000 bytes)", file: "terpotong.xlsx", kind: .rka,
                expect: ["terpotong.xlsx", "rusak atau terpotong"]
            ) { _ in
                try Data(contentsOf: demoXLSX).prefix(3000)
            },
            Case(
                label: "a 10 MB cell", file: "sel-besar.csv", kind: .rka,
                expect: ["sel-besar.csv baris 3, kolom D", "lebih besar dari"]
            ) {
                kode in
                rka("1,2020,\(kode),\"" + String(repeating: "A", count: 10 << 20) + "\",1.000,1.000,100")(kode)
            },
            Case(
                label: "a formula in an amount cell (=SUM(...) typed into a CSV)", file: "rumus.csv", kind: .rka,
                expect: ["rumus.csv baris 3, kolom anggaran (E)", "=SUM(E3:E9)"],
                content: rka("1,2020,KODE,Program A,=SUM(E3:E9),1.000,")),
            Case(
                label: "an ANSI escape in an amount reaches no terminal: shown as \\x1B", file: "ansi.csv", kind: .rka,
                expect: ["ansi.csv baris 3, kolom anggaran (E)", "\"\\x1B[2J1.000\\x07\""],
                // A long name keeps the two control bytes under the 1 % that would make the file "binary".
                content: rka("1,2020,KODE,Program \(String(repeating: "A", count: 300)),\u{1B}[2J1.000\u{07},1.000,")),
            Case(label: "HTML saved as .xls", file: "laporan.xls", kind: .rka, expect: ["laporan.xls", "HTML"]) { _ in
                Data("<html><body><table><tr><td>Anggaran</td></tr></table></body></html>".utf8)
            },
            Case(
                label: "old binary .xls", file: "lama.xls", kind: .rka, expect: ["lama.xls", "berkas .xls biner lama"]
            ) { _ in
                Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512))
            },
            Case(label: "UTF-16 text", file: "utf16.csv", kind: .rka, expect: ["utf16.csv", "UTF-16"]) { _ in
                Data([0xFF, 0xFE]) + "Anggaran\r\n1\r\n".data(using: .utf16LittleEndian)!
            },
            Case(label: "empty file", file: "kosong.csv", kind: .rka, expect: ["kosong.csv", "berkas kosong"]) { _ in
                Data()
            },
            Case(label: "only title rows, no header", file: "judul.csv", kind: .rka, expect: ["judul.csv", "anggaran"])
            { _ in
                Data("LAPORAN REALISASI\nTAHUN 2020\n".utf8)
            },
            Case(
                label: "missing anggaran column", file: "tanpa-anggaran.csv", kind: .rka,
                expect: ["tanpa-anggaran.csv", "kolom yang tidak ditemukan: anggaran"],
                content: rka("1,2020,KODE,Program A,1.000", header: "No,Tahun,Kode SKPD,Program,Realisasi")),
            Case(
                label: "header but no data rows", file: "hanya-header.csv", kind: .rka,
                expect: ["hanya-header.csv", "tidak ada baris anggaran"]
            ) { _ in Data("\(header)\n\n".utf8) },
            Case(
                label: "more cells than the header", file: "bergeser.csv", kind: .rka,
                expect: ["bergeser.csv baris 3", "8 sel", "7 kolom", "kolom H"],
                content: rka("1,2020,KODE,Program A,1.000,900,90,extra")),
            Case(
                label: "`1,2,3` unquoted in a `,` file", file: "koma.csv", kind: .rka,
                expect: ["koma.csv baris 3", "9 sel"], content: rka("1,2020,KODE,Program A,1,2,3,900,90")),
            Case(
                label: "`\"1,2,3\"` quoted", file: "koma-kutip.csv", kind: .rka,
                expect: [
                    "koma-kutip.csv baris 3, kolom anggaran (E)", "\"1,2,3\"", "pengelompokan ribuan tidak valid",
                ],
                content: rka("1,2020,KODE,Program A,\"1,2,3\",900,90")),
            Case(
                label: "`2.67.338.000`", file: "rka-2020-rusak.csv", kind: .rka,
                expect: [
                    "rka-2020-rusak.csv baris 3, kolom anggaran (E)",
                    "\"2.67.338.000\": pengelompokan ribuan tidak valid",
                ],
                content: rka("2,2020,KODE,Program B,2.67.338.000,253.488.000,94.82")),
            Case(
                label: "letters in an amount", file: "huruf.csv", kind: .rka,
                expect: ["huruf.csv baris 3, kolom realisasi (F)", "\"12O.000\""],
                content: rka("1,2020,KODE,Program A,1.000,12O.000,")),
            Case(
                label: "money with three decimals", file: "desimal.csv", kind: .rka,
                expect: ["desimal.csv baris 3, kolom anggaran", "lebih dari 2 angka desimal"],
                content: rka("1,2020,KODE,Program A,\"1.000,125\",,")),
            Case(
                label: "malformed printed %", file: "persen.csv", kind: .rka,
                expect: ["persen.csv baris 3, kolom persen (G)", "\"9,5,1\""],
                content: rka("1,2020,KODE,Program A,1.000,950,\"9,5,1\"")),
            Case(
                label: "realisasi without anggaran", file: "tanpa-pagu.csv", kind: .rka,
                expect: ["tanpa-pagu.csv baris 3, kolom anggaran", "anggaran kosong"],
                content: rka("1,2020,KODE,Program A,-,950,")),
            Case(
                label: "invalid year", file: "tahun.csv", kind: .rka,
                expect: ["tahun.csv baris 3, kolom tahun (B)", "\"20x0\""],
                content: rka("1,20x0,KODE,Program A,1.000,950,")),
            Case(
                label: "an OPD whose lines come back after another OPD's", file: "dua-opd.csv", kind: .rka,
                expect: ["dua-opd.csv baris 5", "sudah muncul mulai baris 3, lalu diselingi OPD atau tahun lain"]
            ) { kode in
                Data(
                    ("REALISASI\n\(header)\n1,2020,\(kode),Program A,1.000,,\n2,2020,\(kode)-lain,Program B,1.000,,\n"
                        + "3,2020,\(kode),Program C,1.000,,\n").utf8)
            },
            Case(
                label: "unterminated quote", file: "kutip.csv", kind: .rka,
                expect: ["kutip.csv baris 3", "tidak pernah ditutup"],
                content: rka("1,2020,KODE,\"Program A,1.000,950,")),
            Case(
                label: "unknown polaritas", file: "polaritas.csv", kind: .kinerja,
                expect: ["polaritas.csv baris 2, kolom polaritas (F)", "\"naik turun\""],
                content: kinerja("2020;KODE;Sasaran A;Indeks X;;naik turun;;10;5")),
            Case(
                label: "unknown metode", file: "metode.csv", kind: .kinerja,
                expect: ["metode.csv baris 2, kolom metode (G)", "\"median\""],
                content: kinerja("2020;KODE;Sasaran A;Indeks X;;negatif;median;10;5")),
            Case(
                label: "letters in a target", file: "target.csv", kind: .kinerja,
                expect: ["target.csv baris 2, kolom target (H)", "\"3O\""],
                content: kinerja("2020;KODE;Sasaran A;Indikator A;;;;3O;5")),
            Case(
                label: "one indicator and year twice", file: "ganda.csv", kind: .kinerja,
                expect: ["ganda.csv baris 3", "sudah ada di baris 2"],
                content: kinerja("2020;KODE;Sasaran A;Indikator A;;;;10;5", "2020;KODE;Sasaran A;Indikator A;;;;12;6")),
            Case(
                label: "performance file without indikator column", file: "tanpa-indikator.csv", kind: .kinerja,
                expect: ["tanpa-indikator.csv", "kolom yang tidak ditemukan: indikator"]
            ) { kode in
                Data("tahun;kode_opd;sasaran;target\n2020;\(kode);Sasaran A;10\n".utf8)
            },
        ]
    }

    @Test("each malformed input is refused at enqueue or discards its job, in the same located words; nothing written")
    func malformed() throws {
        let kit = try ImportTestKit("bad")
        defer { kit.cleanup() }
        var jobs: [(Case, Int64, String, refused: String?)] = []
        for (i, c) in Self.cases.enumerated() {
            let kode = "\(kit.kode).\(i)"
            let sub = kit.dir.appendingPathComponent("\(i)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let path = sub.appendingPathComponent(c.file).path
            try c.content(kode).write(to: URL(fileURLWithPath: path))
            do {
                let id =
                    switch c.kind {
                    case .rka: try kit.enqueueRKA(path, force: true).jobID
                    case .kinerja: try kit.enqueueKinerja(path, force: true).jobID
                    }
                jobs.append((c, id, kode, nil))
            } catch let refused as ImportUsageError {
                // What the producer refuses, the worker must refuse in the same words.
                let kind = c.kind == .rka ? JobKind.importRKA : JobKind.importKinerja
                jobs.append((c, try kit.enqueueUnchecked(path, kind: kind), kode, refused.description))
            }
        }
        #expect(jobs.count >= 20)
        #expect(jobs.filter { $0.refused != nil }.count >= 8, "the file-level mistakes are refused at enqueue")
        kit.runWorkers()
        var table = ["| input | refused by | message |", "|---|---|---|"]
        for (c, id, kode, refused) in jobs {
            let job = try kit.job(id)
            let message = try kit.lastError(id)
            if let refused { #expect(message == refused, "\(c.label): the enqueue said \(refused)") }
            #expect(job.state == .discarded, "\(c.label): \(job.state)")
            #expect(job.attempt == 1, "\(c.label): retried")
            #expect(!message.unicodeScalars.contains { $0.value < 0x20 }, "\(c.label): a control character")
            for part in c.expect {
                #expect(message.contains(part), "\(c.label): \(message) lacks \(part)")
            }
            #expect(try kit.footprint(kode) == [0, 0, 0, 0, 0], "\(c.label) wrote something")
            #expect(try kit.count("SELECT count(*)::int FROM kinerja.imports WHERE job_id = \(id)") == 0)
            let when = refused == nil ? "worker" : "enqueue (exit 2) and worker"
            table.append("| \(c.label) | \(when) | `\(message.replacingOccurrences(of: "|", with: "\\|"))` |")
        }
        print(table.joined(separator: "\n"))
    }
}

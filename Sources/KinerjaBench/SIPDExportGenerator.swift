import Foundation
import Producers

/// Writes a SIPD-style budget export for benchmarks: one header row (so `psql \copy ... HEADER` can load the
/// same file as a reference), `,`-delimited, Indonesian amounts; for each program its kegiatan, sub kegiatan and
/// sub rincian objek accounts (`5.1.02.01.01.0008`), parents first and equal to the sum of their children; one OPD
/// or, for a whole-government export, many.
package enum SIPDExportGenerator {
    package static let header =
        "tahun,kode_skpd,nama_skpd,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,uraian,"
        + "jenis_belanja,nilai_rincian,realisasi,persen"

    /// Accounts per sub kegiatan; with the sub kegiatan line itself, 201 rows.
    package static let accountsPerSub = 200

    /// Writes `rows` data rows. With `opds` > 1, a whole-government export: the rows split evenly over OPDs
    /// `9.99.0.00.0.00.01.0000`, `...02...` (the same sub kegiatan codes under each), a JUMLAH row after each OPD's
    /// lines and a grand TOTAL at the end (counted in `rows`).
    package static func write(
        rows: Int, to path: String, kodeOPD: String = "9.99.0.00.0.00.01.0000", tahun: Int = 2024, opds: Int = 1
    ) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path)
        else { throw ImportUsageError("cannot create \(path)") }
        defer { try? out.close() }
        var buffer = header + "\n"
        if opds <= 1 {
            _ = try opd(rows: rows, prefix: "\(tahun),\(kodeOPD),OPD Uji Beban,", into: &buffer, out: out)
        } else {
            // Each OPD's lines and its JUMLAH row, then one TOTAL row.
            let perOPD = max(2, (rows - 1) / opds)
            var whole = (sen: 0, realisasi: 0)
            for i in 1...opds {
                let lines = i == opds ? max(1, rows - 1 - perOPD * (opds - 1) - 1) : perOPD - 1
                let kode = String(format: "9.99.0.00.0.00.%02d.0000", i)
                let sums = try opd(
                    rows: lines, prefix: "\(tahun),\(kode),OPD Uji Beban \(i),", into: &buffer, out: out)
                buffer += total("JUMLAH", sums)
                whole.sen += sums.sen
                whole.realisasi += sums.realisasi
            }
            buffer += total("TOTAL", whole)
        }
        try out.write(contentsOf: Data(buffer.utf8))
    }

    private static func total(_ label: String, _ sums: (sen: Int, realisasi: Int)) -> String {
        ",,,,,,\(label),,\"\(money(sen: sums.sen))\",\(money(sen: sums.realisasi * 100)),\n"
    }

    /// One OPD's `rows` rows; returns the sum of its sub kegiatan lines (anggaran in sen, realisasi in rupiah).
    private static func opd(
        rows: Int, prefix: String, into buffer: inout String, out: FileHandle
    ) throws -> (sen: Int, realisasi: Int) {
        var written = 0
        var sub = 0
        var sums = (sen: 0, realisasi: 0)
        while written < rows {
            sub += 1
            let kode = String(
                format: "8.01.%02d.2.%02d.%04d", (sub / 1000) % 100 + 1, (sub / 100) % 10 + 1, sub % 10000)
            let n = min(accountsPerSub, max(0, rows - written - 1))
            // Amounts in sen: every seventh account carries ,50; realisasi is 90 % in whole rupiah.
            var amounts: [(sen: Int, realisasi: Int)] = []
            for a in 0..<n {
                let rupiah = ((sub &* 7919 &+ a &* 104_729) % 9_000 + 100) * 1_000
                amounts.append((rupiah * 100 + (a % 7 == 0 ? 50 : 0), rupiah * 9 / 10))
            }
            let total = amounts.reduce(0) { $0 + $1.sen }
            let realisasiTotal = amounts.reduce(0) { $0 + $1.realisasi }
            sums.sen += total
            sums.realisasi += realisasiTotal
            buffer +=
                prefix + "\(kode),Sub Kegiatan \(sub),,,Belanja Operasi,\"\(money(sen: total))\","
                + "\(money(sen: realisasiTotal * 100)),\(n == 0 ? "" : "90")\n"
            written += 1
            for (a, amount) in amounts.enumerated() {
                let account = String(format: "5.1.02.%02d.%02d.%04d", a / 100 + 1, a % 100 / 10 + 1, a % 10 + 1)
                buffer +=
                    prefix + "\(kode),Sub Kegiatan \(sub),\(account),Belanja Barang \(a + 1),,"
                    + "\"\(money(sen: amount.sen))\",\(money(sen: amount.realisasi * 100)),\n"
                written += 1
                if buffer.utf8.count > 1 << 20 {
                    try out.write(contentsOf: Data(buffer.utf8))
                    buffer = ""
                }
            }
        }
        return sums
    }

    /// `1.464.186.757,50`: Indonesian grouping, sen only when not whole.
    package static func money(sen: Int) -> String {
        let digits = String(sen / 100)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(c)
        }
        return sen % 100 == 0 ? out : out + String(format: ",%02d", sen % 100)
    }
}

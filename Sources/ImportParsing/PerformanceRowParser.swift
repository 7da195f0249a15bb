import Foundation
import Kinerja

/// Turns a data row of a performance file into a record, or nil for a heading row (no indicator). Bad input
/// throws `ImportInputError` naming row, column and text.
package struct PerformanceRowParser {
    package let columns: ColumnMap
    package let tahunArg: Int?
    package let kodeOPDArg: String?
    package let style: NumberStyle
    /// The sasaran above: a merged cell in the source table leaves the rows below it empty.
    private var lastSasaran = ""

    package init(columns: ColumnMap, tahun: Int?, kodeOPD: String?, style: NumberStyle) {
        self.columns = columns
        tahunArg = tahun
        kodeOPDArg = kodeOPD
        self.style = style
    }

    private func fail(_ column: String, _ row: Int, _ text: String?, _ reason: String) -> Error {
        ImportProblem.cell(
            file: columns.file, row: row, column: column, index: columns.index[column], text: text,
            reason: reason)
    }

    package mutating func parse(_ cells: [String], row: Int) throws -> PerformanceRecord? {
        try columns.checkWidth(cells, row: row)
        func cell(_ name: String) -> String { columns.cell(name, in: cells) }
        let sasaranText = cell("sasaran")
        if !sasaranText.isEmpty { lastSasaran = sasaranText }
        let indikator = cell("indikator")
        guard !indikator.isEmpty else { return nil }
        let tahunText = cell("tahun")
        var tahun = tahunArg
        if !tahunText.isEmpty {
            guard let value = Int(tahunText), (1990...2200).contains(value) else {
                throw fail("tahun", row, tahunText, "tahun tidak valid")
            }
            tahun = value
        }
        guard let tahun else { throw fail("tahun", row, tahunText, "tahun kosong") }
        let kode = cell("kode_opd").isEmpty ? (kodeOPDArg ?? "") : cell("kode_opd")
        guard !kode.isEmpty else { throw fail("kode_opd", row, "", "kode OPD kosong") }
        let polaritas: Polaritas?
        let metode: CapaianMethod
        do { polaritas = try Polaritas.parse(cell("polaritas")) } catch {
            throw fail("polaritas", row, error.text, error.reason)
        }
        do { metode = try CapaianMethod.parse(cell("metode")) } catch {
            throw fail("metode", row, error.text, error.reason)
        }
        let targetText = cell("target")
        let target: Target?
        do { target = try Target.parse(targetText, style: style) } catch {
            throw ImportProblem.number(
                error, file: columns.file, row: row, column: "target", index: columns.index["target"])
        }
        var satuan = cell("satuan")
        let realisasiText = cell("realisasi")
        if satuan.isEmpty && (targetText.hasSuffix("%") || realisasiText.hasSuffix("%")) { satuan = "%" }
        let realisasi: Decimal?
        var notes: [Temuan] = []
        do {
            let read = try IndonesianNumber.parseTolerant(
                realisasiText, style: style, percent: satuan == "%" || realisasiText.contains("%"))
            realisasi = read.value
            if read.otherStyle, let value = read.value {
                notes.append(otherMark("realisasi", realisasiText, value, indikator: indikator, tahun: tahun, row: row))
            }
        } catch {
            throw ImportProblem.number(
                error, file: columns.file, row: row, column: "realisasi",
                index: columns.index["realisasi"])
        }
        // A single target and a printed capaian are read leniently already (percent style); they are named too.
        for (column, text) in [("target", targetText), ("capaian", cell("capaian"))] {
            if let read = try? IndonesianNumber.parseTolerant(text, style: style, percent: true), read.otherStyle,
                let value = read.value
            {
                notes.append(otherMark(column, text, value, indikator: indikator, tahun: tahun, row: row))
            }
        }
        let mean = Self.mean(indikator)
        let dokumen = cell("dokumen")
        let isPK =
            dokumen.isEmpty || dokumen.uppercased() == "PK"
            || PerformanceRecord.matchKey(dokumen) == "perjanjian kinerja"
        var record = PerformanceRecord(
            row: row, tahun: tahun, kodeOPD: kode, namaOPD: cell("nama_opd"), pemerintah: cell("pemerintah"),
            sasaran: lastSasaran.isEmpty ? PerformanceRecord.withoutSasaran : lastSasaran, indikator: indikator,
            satuan: satuan, polaritas: polaritas, metode: metode,
            targetText: targetText, target: target, targetRPJMD: cell("target_rpjmd"),
            targetAkhirPeriode: cell("target_akhir_periode"), realisasi: realisasi, isPK: isPK, dokumen: dokumen,
            capaian: cell("capaian"))
        record.notes = notes
        record.mean = mean
        return record
    }

    /// PEMISAH_DESIMAL_BEDA: a number written with the other decimal mark than its file, and what it was read as.
    private func otherMark(
        _ column: String, _ text: String, _ value: Decimal, indikator: String, tahun: Int, row: Int
    ) -> Temuan {
        let mark = style == .indonesian ? "titik" : "koma"
        return Temuan(
            .pemisahDesimalBeda,
            message: "\(indikator) tahun \(tahun): \(column) \"\(text)\" ditulis dengan \(mark) desimal, tidak seperti "
                + "kolom lainnya; dibaca \(IndonesianFormat.number(value)).",
            source: "\(columns.file) baris \(row)")
    }

    /// Which printed mean a row is, by its label in the `indikator` column; nil for an indicator.
    static func mean(_ label: String) -> PerformanceRecord.Mean? {
        let key = PerformanceRecord.matchKey(label).replacingOccurrences(of: "-", with: " ")
        guard key.hasPrefix("rata rata") || key.hasPrefix("rerata") else { return nil }
        let all = ["seluruh", "keseluruhan", "semua", "total", "kinerja opd", "iku"]
        return all.contains { key.contains($0) } ? .all : .sasaran
    }
}

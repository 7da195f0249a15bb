import Foundation
import Kinerja

/// Turns a data row of a performance file into a record, or nil for a heading row (no indicator). Bad input
/// throws `ImportInputError` naming row, column and text.
package struct PerformanceRowParser {
    /// Most data rows a performance file may have: its rows are held until the file is read, and a whole
    /// government's indicators over several years are a few thousand.
    package static let maxRows = 50_000

    package let columns: ColumnMap
    package let tahunArg: Int?
    package let kodeOPDArg: String?
    package let style: NumberStyle
    /// The styles of the target and printed-capaian columns, and whether cells are machine numbers (XLSX).
    package struct Styles: Sendable {
        package let target: NumberStyle
        package let capaian: NumberStyle
        package let machine: Bool

        package init(target: NumberStyle, capaian: NumberStyle, machine: Bool) {
            self.target = target
            self.capaian = capaian
            self.machine = machine
        }
    }
    package let styles: Styles
    /// The sasaran above: a merged cell in the source table leaves the rows below it empty.
    private var lastSasaran = ""
    /// The year and OPD of the row above, for a printed-mean row whose cells are merged with the rows above it.
    private var lastScope: (tahun: Int, kodeOPD: String)?

    /// The rows are the government's own key indicators (IKU): they have no OPD (`kodeOPD` is empty).
    package let isIKU: Bool

    package init(
        columns: ColumnMap, tahun: Int?, kodeOPD: String?, style: NumberStyle, styles: Styles? = nil,
        isIKU: Bool = false
    ) {
        self.isIKU = isIKU
        self.columns = columns
        self.styles = styles ?? Styles(target: style, capaian: style, machine: false)
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
        // A printed mean: a "Rata-rata" label with a capaian and no figures of its own (an indicator may well be
        // called "Rata-rata lama sekolah": it has a target or a realisasi).
        let mean =
            cell("target").isEmpty && cell("realisasi").isEmpty && !cell("capaian").isEmpty
            ? Self.mean(indikator) : nil
        let tahunText = cell("tahun")
        var tahun = tahunArg ?? (mean == nil || !tahunText.isEmpty ? nil : lastScope?.tahun)
        if !tahunText.isEmpty {
            guard let value = Int(tahunText), (1990...2200).contains(value) else {
                throw fail("tahun", row, tahunText, "tahun tidak valid")
            }
            tahun = value
        }
        guard let tahun else { throw fail("tahun", row, tahunText, "tahun kosong") }
        let kode =
            isIKU
            ? ""
            : !cell("kode_opd").isEmpty
                ? cell("kode_opd") : (kodeOPDArg ?? (mean == nil ? "" : lastScope?.kodeOPD ?? ""))
        guard isIKU || !kode.isEmpty else { throw fail("kode_opd", row, "", "kode OPD kosong") }
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
            if read.otherStyle, !styles.machine, let value = read.value {
                notes.append(otherMark("realisasi", realisasiText, value, indikator: indikator, tahun: tahun, row: row))
            }
        } catch {
            throw ImportProblem.number(
                error, file: columns.file, row: row, column: "realisasi",
                index: columns.index["realisasi"])
        }
        // A single target and a printed capaian are read leniently already (percent style); they are named too.
        for (column, text, own) in [
            ("target", targetText, styles.target), ("capaian", cell("capaian"), styles.capaian),
        ]
        where !styles.machine {
            if let read = try? IndonesianNumber.parseTolerant(text, style: own, percent: true), read.otherStyle,
                let value = read.value
            {
                notes.append(otherMark(column, text, value, indikator: indikator, tahun: tahun, row: row))
            }
        }
        let dokumen = cell("dokumen")
        let isPK =
            dokumen.isEmpty || dokumen.uppercased() == "PK"
            || PerformanceRecord.matchKey(dokumen) == "perjanjian kinerja"
        var record = PerformanceRecord(
            row: row, tahun: tahun, kodeOPD: kode, namaOPD: cell("nama_opd"),
            pemda: PemdaName(kode: cell("kode_pemda"), nama: cell("pemerintah")),
            sasaran: lastSasaran.isEmpty ? PerformanceRecord.withoutSasaran : lastSasaran, indikator: indikator,
            satuan: satuan, polaritas: polaritas, metode: metode,
            targetText: targetText, target: target, targetRPJMD: cell("target_rpjmd"),
            targetAkhirPeriode: cell("target_akhir_periode"), realisasi: realisasi, isPK: isPK, dokumen: dokumen,
            capaian: cell("capaian"))
        record.notes = notes
        record.mean = mean
        if mean == nil { lastScope = (tahun, kode) }
        return record
    }

    /// PEMISAH_DESIMAL_BEDA: a number written with the other decimal mark than its file, and what it was read as.
    private func otherMark(
        _ column: String, _ text: String, _ value: Decimal, indikator: String, tahun: Int, row: Int
    ) -> Temuan {
        let own = column == "target" ? styles.target : column == "capaian" ? styles.capaian : style
        let mark = own == .indonesian ? "titik" : "koma"
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
        let all = ["rata rata seluruh", "rata rata keseluruhan", "rata rata semua", "rerata seluruh", "rerata semua"]
        return all.contains { key.hasPrefix($0) } ? .all : .sasaran
    }
}

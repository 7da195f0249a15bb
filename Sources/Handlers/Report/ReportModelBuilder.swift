import Foundation
import Kinerja
import Producers
import Report
import Stores

/// Turns the rows read for one OPD (or a whole government) and year into the report model. Pure: no database, no clock.
///
/// Figures stored by recompute (capaian, kategori, status, sasaran means, absorption) are taken as stored; only
/// the comparisons the views do not hold are derived here, with the domain module's rules (`YearComparison`,
/// `MediumTermComparison`, `PerformanceVsMoney`). A missing value stays nil, with the reason in `keterangan`.
struct ReportModelBuilder {
    let tahun: Int
    let scale: CategoryScale
    let opd: OPD
    let pemerintah: String
    let generatedAt: String
    let indicators: [ReportRows.Indicator]
    let sasaran: [ReportRows.Sasaran]
    let absorption: [ReportRows.AbsorptionRow]
    /// The government-wide report: each OPD's total; nil in an OPD's report.
    var opdBudgets: [ReportRows.AbsorptionRow]? = nil
    let findings: [Temuan]
    let imports: [ReportRows.Import]

    /// Shown where a text value (a target) is missing.
    static let notAvailable = "belum tersedia"

    func build() -> LKIPReport {
        let measurements = measurementRows()
        let opdTotal = absorption.first { $0.tingkat == .opd }.map(line)
        // The government-wide report has no program rows: its per-program table is empty, not one remainder row.
        let byProgram =
            opdBudgets == nil
            ? budgetTable(
                absorption.filter { $0.tingkat == .program }.map(line), total: opdTotal,
                remainder: "Belanja di luar program")
            : BudgetTable(rows: [], total: totalRow(opdTotal))
        let byJenis = budgetTable(
            absorption.filter { $0.tingkat == .jenisBelanja }.map(line), total: opdTotal,
            remainder: "Belanja tanpa jenis belanja")
        var report = LKIPReport(
            opd: opd, tahun: tahun, pemerintah: pemerintah, generatedAt: generatedAt,
            categoryScale: scale,
            perjanjianKinerja: indicators.compactMap { row in
                row.target.map {
                    PerjanjianKinerjaRow(sasaran: row.sasaran, indikator: row.indikator, satuan: row.satuan, target: $0)
                }
            },
            measurements: measurements,
            sasaranSummaries: sasaranSummaries(measurements),
            lastYearComparison: indicators.map(lastYearRow),
            mediumTermComparison: indicators.map(mediumTermRow),
            performanceVsMoney: performanceVsMoney(measurements, opdTotal: opdTotal),
            budgetByProgram: byProgram,
            budgetByJenisBelanja: byJenis,
            findings: findings,
            footnotes: Footnotes(
                formulas: Self.formulas(scale),
                imports: imports.map {
                    ImportRecord(
                        id: String($0.id), kind: Self.jobKind(ofImport: $0.kind), fileName: $0.fileName,
                        sha256: $0.sha256, importedAt: ReportTimestamp.format($0.importedAt))
                }))
        report.budgetByOPD = opdBudgets.map {
            budgetTable($0.map(line), total: opdTotal, remainder: "Belanja tanpa OPD")
        }
        return report
    }

    // MARK: Measurement

    private func measurementRows() -> [MeasurementRow] {
        indicators.map { row in
            var keterangan = row.keterangan
            if row.status == .belumDihitung && keterangan == nil {
                keterangan = "Capaian belum dihitung (recompute_capaian belum dijalankan untuk data ini)."
            }
            return MeasurementRow(
                sasaran: row.sasaran, indikator: row.indikator, satuan: row.satuan,
                polaritas: Polaritas(rawValue: row.polaritas) ?? .positif, target: targetText(row),
                realisasi: row.realisasi, capaian: row.capaian, kategori: row.capaian == nil ? nil : row.kategori,
                status: row.status, keterangan: keterangan)
        }
    }

    /// The Perjanjian Kinerja target as written; without one, the RPJMD target recompute measured against.
    private func targetText(_ row: ReportRows.Indicator) -> String {
        if let target = row.target { return target }
        if let rpjmd = row.targetRPJMD { return "\(rpjmd) (RPJMD)" }
        return Self.notAvailable
    }

    private func sasaranSummaries(_ measurements: [MeasurementRow]) -> [LKIPReport.SasaranRow] {
        sasaran.map { row in
            let members = measurements.filter { $0.sasaran == row.sasaran }
            func reason(_ name: String) -> String {
                guard let m = members.first(where: { $0.indikator == name }) else { return "capaian tidak tersedia" }
                return m.keterangan ?? Self.reason(status: m.status)
            }
            // Recompute stores the names joined with "; "; a name that itself holds "; " would split wrongly, so
            // the split is trusted only when it gives the stored count, else the measurements say who is missing.
            var names =
                row.dikecualikanText.isEmpty
                ? [] : row.dikecualikanText.components(separatedBy: "; ")
            if names.count != row.dikecualikan {
                names = members.filter { $0.capaian == nil }.map(\.indikator)
            }
            return LKIPReport.SasaranRow(
                sasaran: row.sasaran, capaian: row.capaian, kategori: row.capaian == nil ? nil : row.kategori,
                indikatorDihitung: row.dihitung, indikatorDikecualikan: row.dikecualikan,
                dikecualikan: names.map { ExcludedIndicator(indikator: $0, alasan: reason($0)) })
        }
    }

    static func reason(status: CapaianStatus) -> String {
        switch status {
        case .realisasiKosong: "realisasi belum tersedia"
        case .targetKosong: "target tidak tersedia"
        case .targetNol: "target bernilai nol"
        case .realisasiNol: "realisasi nol pada rumus rasio"
        case .belumDihitung: "capaian belum dihitung"
        case .dihitung: "capaian tidak tersedia"
        }
    }

    // MARK: Comparisons

    private func lastYearRow(_ row: ReportRows.Indicator) -> YearComparisonRow {
        let comparison = YearComparison(
            realisasi: row.realisasi, realisasiLastYear: row.realisasiTahunLalu, capaian: row.capaian,
            capaianLastYear: row.capaianTahunLalu)
        var notes: [String] = []
        if row.realisasi == nil {
            notes.append("realisasi \(tahun) belum tersedia")
        } else if row.capaian == nil {
            notes.append(row.keterangan ?? "capaian \(tahun): " + Self.reason(status: row.status))
        }
        if row.realisasiTahunLalu == nil {
            notes.append("realisasi \(tahun - 1) belum tersedia")
        } else if row.capaianTahunLalu == nil {
            notes.append("capaian \(tahun - 1) belum dihitung")
        }
        return YearComparisonRow(
            sasaran: row.sasaran, indikator: row.indikator, satuan: row.satuan,
            realisasiTahunLalu: row.realisasiTahunLalu, realisasi: row.realisasi,
            capaianTahunLalu: row.capaianTahunLalu, capaian: row.capaian,
            perubahanPoin: comparison.capaianChangePoints,
            keterangan: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }

    private func mediumTermRow(_ row: ReportRows.Indicator) -> MediumTermRow {
        var notes: [String] = []
        let used: String?
        if let akhir = Self.present(row.targetAkhirPeriode) {
            used = akhir
        } else if let rpjmd = Self.present(row.targetRPJMD) {
            used = rpjmd
            notes.append("Target akhir periode tidak tersedia; dipakai target RPJMD (\(rpjmd)).")
        } else {
            used = nil
            notes.append("Target akhir periode dan target RPJMD tidak tersedia.")
        }
        var target: Target?
        if let used {
            do {
                target = try Target.parse(used)
                if target == nil { notes.append("Target \"\(used)\" kosong.") }
            } catch {
                notes.append("Target \"\(used)\" tidak dapat dibaca (\(error.reason)).")
            }
        }
        let comparison = MediumTermComparison(
            targetAkhirPeriode: target, realisasi: row.realisasi,
            polaritas: Polaritas(rawValue: row.polaritas) ?? .positif,
            method: CapaianMethod(rawValue: row.metode) ?? .standard)
        // With no usable target the notes above already say why; otherwise the rule's own remark.
        if target != nil, let remark = comparison.result.keterangan { notes.append(remark) }
        return MediumTermRow(
            sasaran: row.sasaran, indikator: row.indikator, satuan: row.satuan,
            targetAkhirPeriode: used ?? Self.notAvailable, realisasi: row.realisasi,
            capaian: comparison.result.value, keterangan: notes.isEmpty ? nil : notes.joined(separator: " "))
    }

    private func performanceVsMoney(_ measurements: [MeasurementRow], opdTotal: LKIPReport.BudgetRow?)
        -> LKIPReport.MoneyComparison
    {
        let all = SasaranSummary(sasaran: "", indicators: measurements.map { ($0.indikator, $0.capaian) })
        return LKIPReport.MoneyComparison(
            PerformanceVsMoney(meanCapaian: all.mean, absorption: opdTotal?.persen),
            indikatorDihitung: all.counted, indikatorDikecualikan: all.leftOut)
    }

    // MARK: Budget

    private func line(_ row: ReportRows.AbsorptionRow) -> LKIPReport.BudgetRow {
        LKIPReport.BudgetRow(
            kode: row.kode, nama: row.nama, anggaran: row.anggaran, realisasi: row.realisasi, persen: row.persen)
    }

    /// Rows with the OPD's total. Lines without a program (or a jenis belanja) are not in any row; they are
    /// shown as one remainder row so that the rows always add up to the total printed under them.
    private func budgetTable(
        _ rows: [LKIPReport.BudgetRow], total: LKIPReport.BudgetRow?, remainder: String
    ) -> BudgetTable {
        guard let total else { return BudgetTable(rows: rows, total: totalRow(nil)) }
        var rows = rows
        let anggaranRest = total.anggaran - rows.reduce(Decimal(0)) { $0 + $1.anggaran }
        var realisasiRest: Decimal?
        if let realisasi = total.realisasi, rows.allSatisfy({ $0.realisasi != nil }) {
            realisasiRest = realisasi - rows.reduce(Decimal(0)) { $0 + ($1.realisasi ?? 0) }
        }
        if anggaranRest != 0 || (realisasiRest ?? 0) != 0 {
            rows.append(
                LKIPReport.BudgetRow(
                    kode: "", nama: remainder, anggaran: anggaranRest, realisasi: realisasiRest,
                    persen: realisasiRest.flatMap { anggaranRest == 0 ? nil : $0 * 100 / anggaranRest }))
        }
        return BudgetTable(rows: rows, total: totalRow(total))
    }

    /// A table's JUMLAH row; without absorption figures (the budget not imported, or recompute not run yet) one
    /// that says so.
    private func totalRow(_ total: LKIPReport.BudgetRow?) -> LKIPReport.BudgetRow {
        guard let total else {
            return LKIPReport.BudgetRow(
                kode: "", nama: "JUMLAH (anggaran belum tersedia)", anggaran: 0, realisasi: nil, persen: nil)
        }
        return LKIPReport.BudgetRow(
            kode: "", nama: "JUMLAH", anggaran: total.anggaran, realisasi: total.realisasi, persen: total.persen)
    }

    // MARK: Footnotes

    static func formulas(_ scale: CategoryScale) -> [Formula] {
        [
            Formula(name: "Capaian (polaritas positif)", expression: "realisasi / target × 100"),
            Formula(
                name: "Capaian (polaritas negatif)",
                expression: "(2 × target − realisasi) / target × 100, paling rendah 0 (PermenPAN-RB 8/2021)"),
            Formula(name: "Capaian (polaritas negatif, metode rasio)", expression: "target / realisasi × 100"),
            Formula(
                name: "Capaian (target rentang a-b)",
                expression: "di atas rentang: terhadap b; di bawah rentang: terhadap a; di dalam rentang: 100"),
            Formula(
                name: "Capaian tidak dihitung",
                expression: "realisasi belum tersedia atau target nol: tidak dihitung (bukan 0) dan tidak "
                    + "ikut dirata-rata"),
            Formula(name: "Capaian sasaran", expression: "rata-rata capaian indikator yang tersedia"),
            Formula(
                name: "Capaian kinerja rata-rata",
                expression: "rata-rata capaian seluruh indikator yang tersedia"),
            Formula(name: "Perubahan dari tahun lalu", expression: "capaian tahun ini − capaian tahun lalu (poin)"),
            Formula(
                name: "Capaian terhadap target akhir periode",
                expression: "rumus capaian yang sama terhadap target akhir periode (target RPJMD bila tidak ada)"),
            Formula(name: "Penyerapan anggaran", expression: "Σ realisasi / Σ anggaran × 100"),
            Formula(name: "Selisih kinerja − anggaran", expression: "capaian rata-rata − penyerapan (poin)"),
            Formula(name: "Kategori", expression: "skala \(scale.name), dibandingkan sebelum dibulatkan"),
        ]
    }

    static func jobKind(ofImport kind: String) -> String {
        switch kind {
        case "rka": return JobKind.importRKA
        case "kinerja": return JobKind.importKinerja
        default: return kind
        }
    }

    static func present(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }
}

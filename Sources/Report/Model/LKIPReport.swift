import Foundation
import Kinerja

/// Everything one LKIP (Laporan Kinerja Instansi Pemerintah, an agency's yearly performance accountability
/// report) shows for one OPD (Organisasi Perangkat Daerah, the agency) and one year, or for a whole government
/// (`budgetByOPD` set).
///
/// A job handler fills it from the database; the renderers only format it and never compute figures, so the
/// same numbers appear in every output format. Missing values are `nil`, never 0.
public struct LKIPReport: Codable, Sendable, Equatable {
    /// The agency the report is about.
    public var opd: OPD
    /// The reporting year.
    public var tahun: Int
    /// The local government, e.g. "Kota Palangka Raya".
    public var pemerintah: String
    /// When the report was produced. The only value allowed to differ between two renders of the same data.
    public var generatedAt: String
    /// The category scale capaian is judged on (also printed in the footnotes).
    @CategoryScaleJSON public var categoryScale: CategoryScale
    /// The year's Perjanjian Kinerja (performance agreement): what was promised.
    public var perjanjianKinerja: [PerjanjianKinerjaRow]
    /// Target, realisasi (actual) and capaian (achievement %) per indicator.
    public var measurements: [MeasurementRow]
    /// Mean capaian per sasaran (strategic objective).
    public var sasaranSummaries: [SasaranRow]
    /// This year against last year, per indicator.
    public var lastYearComparison: [YearComparisonRow]
    /// This year against the medium-term (end of plan period) target, per indicator.
    public var mediumTermComparison: [MediumTermRow]
    /// Mean capaian against budget penyerapan (absorption).
    public var performanceVsMoney: MoneyComparison
    /// Budget realisation per program, with the total.
    public var budgetByProgram: BudgetTable
    /// Budget realisation per jenis belanja (spending type), with the total for the OPD.
    public var budgetByJenisBelanja: BudgetTable
    /// The government-wide LKIP only (nil, and absent from the JSON, in an OPD's): budget realisation per OPD, by
    /// code, with the government's total. There `opd` is the government itself, and the indicators are its own
    /// key indicators (IKU).
    public var budgetByOPD: BudgetTable?
    /// Temuan (findings) from the consistency checks.
    @TemuanListJSON public var findings: [Temuan]
    /// Formulas and the imports the figures came from.
    public var footnotes: Footnotes
    /// The OPD's own text for BAB I and BAB IV and the signature block; nil until one is imported (the report then
    /// prints a marked placeholder).
    public var narasi: Narasi?

    public init(
        opd: OPD, tahun: Int, pemerintah: String, generatedAt: String, categoryScale: CategoryScale,
        perjanjianKinerja: [PerjanjianKinerjaRow], measurements: [MeasurementRow],
        sasaranSummaries: [SasaranRow], lastYearComparison: [YearComparisonRow],
        mediumTermComparison: [MediumTermRow], performanceVsMoney: MoneyComparison,
        budgetByProgram: BudgetTable, budgetByJenisBelanja: BudgetTable, findings: [Temuan],
        footnotes: Footnotes
    ) {
        self.opd = opd
        self.tahun = tahun
        self.pemerintah = pemerintah
        self.generatedAt = generatedAt
        self.categoryScale = categoryScale
        self.perjanjianKinerja = perjanjianKinerja
        self.measurements = measurements
        self.sasaranSummaries = sasaranSummaries
        self.lastYearComparison = lastYearComparison
        self.mediumTermComparison = mediumTermComparison
        self.performanceVsMoney = performanceVsMoney
        self.budgetByProgram = budgetByProgram
        self.budgetByJenisBelanja = budgetByJenisBelanja
        self.findings = findings
        self.footnotes = footnotes
    }
}

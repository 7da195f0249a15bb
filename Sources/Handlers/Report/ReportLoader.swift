import Foundation
import JobQueue
import Kinerja
import Postgres
import Report
import Stores

/// A report model loaded from the database, with the imports its figures came from.
public struct LoadedReport: Sendable {
    public let report: LKIPReport
    /// `kinerja.imports` ids of the indicator values and budget lines in the report, ascending.
    public let importIDs: [Int64]
}

/// Builds the LKIP of one OPD (or a whole government) and year from the database: the results of `recompute_capaian` (views `v_capaian`,
/// `v_capaian_sasaran`, `v_penyerapan`, `v_temuan`) and the imports they came from. It reads, it does not
/// recompute: a report shows what the database holds, and says so where a figure is missing.
public enum ReportLoader {
    /// Loads the report of (`tahun`, `kodeOPD`) of the government `pemdaID`; with `kodeOPD` nil, the
    /// government-wide LKIP (its own IKU, every OPD's budget and findings). `generatedAt` is the only value that is
    /// not read from the data. Runs plain queries on `conn`; run it in a REPEATABLE READ transaction for one
    /// consistent snapshot. Throws `PermanentJobError` when the scope holds neither indicator values nor budget
    /// lines, or holds a temuan whose code is not a `TemuanCode`.
    public static func load(
        tahun: Int, kodeOPD: String?, pemdaID: Int, generatedAt: Date, scale: CategoryScale = .permendagri86,
        on conn: Connection
    ) throws -> LoadedReport {
        let scope: [any PostgresEncodable] = [tahun, kodeOPD, pemdaID]
        func rows(_ statement: String) throws -> [Row] {
            try conn.query(SQL(unsafeSQL: statement, binds: scope)).rows
        }
        let pemdaRow = try conn.query(SQL(unsafeSQL: ReportQueries.pemda, binds: [pemdaID])).first
        let opdRow = try kodeOPD.flatMap {
            try conn.query(SQL(unsafeSQL: ReportQueries.opd, binds: [$0, pemdaID])).first
        }
        let indicators = try rows(ReportQueries.indicators).map(ReportRows.Indicator.init(row:))
        let absorption = try rows(ReportQueries.absorption).map(ReportRows.AbsorptionRow.init(row:))
        let hasBudget = try rows(ReportQueries.hasBudget).first!.decode(0, as: Bool.self)
        let subject = kodeOPD.map { "OPD \($0)" } ?? "pemerintah ini"
        guard let pemdaRow, kodeOPD == nil || opdRow != nil, !indicators.isEmpty || !absorption.isEmpty || hasBudget
        else {
            throw PermanentJobError(
                "tidak ada data untuk \(subject) tahun \(tahun)"
                    + (pemdaRow == nil
                        ? " (pemerintah \(pemdaID) tidak ada)"
                        : kodeOPD != nil && opdRow == nil
                            ? " (OPD belum terdaftar)" : ": belum ada nilai indikator maupun anggaran"))
        }
        let pemerintah = try pemdaRow.decode(1, as: String.self)
        let opd =
            try opdRow.map { OPD(kode: try $0.decode(0), nama: try $0.decode(1)) }
            ?? OPD(
                kode: try pemdaRow.decode(0, as: String?.self) ?? "",
                nama: pemerintah.isEmpty ? "Pemerintah Daerah" : "Pemerintah \(pemerintah)")
        let builder = ReportModelBuilder(
            tahun: tahun, scale: scale, opd: opd, pemerintah: pemerintah,
            generatedAt: ReportTimestamp.format(generatedAt),
            indicators: indicators,
            sasaran: try rows(ReportQueries.sasaran).map(ReportRows.Sasaran.init(row:)),
            absorption: absorption,
            opdBudgets: kodeOPD == nil
                ? try rows(ReportQueries.opdBudgets).map(ReportRows.AbsorptionRow.init(row:)) : nil,
            findings: try rows(ReportQueries.findings).map(Temuan.init(row:)),
            imports: try rows(ReportQueries.imports).map(ReportRows.Import.init(row:)))
        var report = builder.build()
        report.narasi = try NarasiStore.load(tahun: tahun, kodeOPD: kodeOPD, pemdaID: pemdaID, on: conn)
        return LoadedReport(report: report, importIDs: builder.imports.map(\.id))
    }
}

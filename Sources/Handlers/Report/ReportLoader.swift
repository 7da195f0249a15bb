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

/// Builds the LKIP of one OPD and year from the database: the results of `recompute_capaian` (views `v_capaian`,
/// `v_capaian_sasaran`, `v_penyerapan`, `v_temuan`) and the imports they came from. It reads, it does not
/// recompute: a report shows what the database holds, and says so where a figure is missing.
public enum ReportLoader {
    /// Loads the report of (`tahun`, `kodeOPD`). `generatedAt` is the only value that is not read from the data.
    /// Runs plain queries on `conn`; run it in a REPEATABLE READ transaction for one consistent snapshot.
    /// Throws `PermanentJobError` when the scope holds neither indicator values nor budget lines, or holds a temuan
    /// whose code is not a `TemuanCode`.
    public static func load(
        tahun: Int, kodeOPD: String, generatedAt: Date, scale: CategoryScale = .permendagri86,
        on conn: Connection
    ) throws -> LoadedReport {
        let scope: [any PostgresEncodable] = [tahun, kodeOPD]
        func rows(_ statement: String) throws -> [Row] {
            try conn.query(SQL(unsafeSQL: statement, binds: scope)).rows
        }
        let opdRow = try conn.query(SQL(unsafeSQL: ReportQueries.opd, binds: [kodeOPD])).first
        let indicators = try rows(ReportQueries.indicators).map(ReportRows.Indicator.init(row:))
        let absorption = try rows(ReportQueries.absorption).map(ReportRows.AbsorptionRow.init(row:))
        let hasBudget = try rows(ReportQueries.hasBudget).first!.decode(0, as: Bool.self)
        guard let opdRow, !indicators.isEmpty || !absorption.isEmpty || hasBudget else {
            throw PermanentJobError(
                "tidak ada data untuk OPD \(kodeOPD) tahun \(tahun)"
                    + (opdRow == nil ? " (OPD belum terdaftar)" : ": belum ada nilai indikator maupun anggaran"))
        }
        let builder = ReportModelBuilder(
            tahun: tahun, scale: scale,
            opd: OPD(kode: try opdRow.decode(0), nama: try opdRow.decode(1)),
            pemerintah: try opdRow.decode(2, as: String?.self) ?? "",
            generatedAt: ReportTimestamp.format(generatedAt),
            indicators: indicators,
            sasaran: try rows(ReportQueries.sasaran).map(ReportRows.Sasaran.init(row:)),
            absorption: absorption,
            findings: try rows(ReportQueries.findings).map(Temuan.init(row:)),
            imports: try rows(ReportQueries.imports).map(ReportRows.Import.init(row:)))
        var report = builder.build()
        report.narasi = try NarasiStore.load(tahun: tahun, kodeOPD: kodeOPD, on: conn)
        return LoadedReport(report: report, importIDs: builder.imports.map(\.id))
    }
}

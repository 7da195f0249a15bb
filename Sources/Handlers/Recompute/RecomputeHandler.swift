import Foundation
import ImportParsing
import JobQueue
import Kinerja
import Postgres
import Producers
import Stores

/// `recompute_capaian`: recomputes every result of one year for one OPD or all (capaian per indikator,
/// categories, sasaran means, absorption, findings) in one transaction that also completes the job.
/// Idempotent: on unchanged data it changes no row, and says so in its result.
public enum RecomputeHandler {
    /// What a run did, stored as the job's result.
    public struct Summary: Codable, Sendable {
        public let tahun: Int
        public let kodeOPD: String?
        public let indikatorDihitung: Int
        public let indikatorDikecualikan: Int
        public let sasaran: Int
        public let temuan: [String: Int]
        public let rowsChanged: Int

        enum CodingKeys: String, CodingKey {
            case tahun, sasaran, temuan
            case kodeOPD = "kode_opd"
            case indikatorDihitung = "indikator_dihitung"
            case indikatorDikecualikan = "indikator_dikecualikan"
            case rowsChanged = "rows_changed"
        }
    }

    static func run(_ context: JobContext) throws -> JSONText? {
        let args = try context.job.decodeArgs(RecomputeArgs.self)
        let summary = try context.completeInTransaction { tx in
            let summary = try recompute(args, on: tx)
            return (summary, try JSONText(encoding: summary))
        }
        return try JSONText(encoding: summary)
    }

    /// The whole recompute on `tx` (which the caller commits).
    public static func recompute(_ args: RecomputeArgs, on tx: Connection, scale: CategoryScale = .permendagri86) throws
        -> Summary
    {
        guard let pemdaID = try args.pemdaID ?? PemdaStore.forJob(kodeOPD: args.kodeOPD, on: tx) else {
            throw PermanentJobError("recompute_capaian: " + (try PemdaStore.whyNone(on: tx)))
        }
        // Waits for imports of the scope that are about to commit, and keeps two recomputes of it apart.
        try ScopeLock.lock(tahun: args.tahun, kodeOPD: args.kodeOPD, pemdaID: pemdaID, on: tx)
        let values = try tx.query(SQL(unsafeSQL: IndicatorValue.load, binds: [args.tahun, args.kodeOPD, pemdaID])).rows
            .map(IndicatorValue.init(row:))
        let computed = CapaianComputation(values: values, tahun: args.tahun, scale: scale)
        var writer = ResultWriter(tx: tx, tahun: args.tahun, kodeOPD: args.kodeOPD, pemdaID: pemdaID)
        try writer.write(computed)
        try tx.execute(SQL(unsafeSQL: AbsorptionSQL.compute, binds: [args.tahun, args.kodeOPD, pemdaID]))
        try tx.execute("ANALYZE new_penyerapan")  // see ResultWriter.write
        let absorptionChanged = try tx.query(
            SQL(unsafeSQL: AbsorptionSQL.merge, binds: [args.tahun, args.kodeOPD, pemdaID])
        )
        .first!.decode(0, as: Int.self)
        let bySeverity = Dictionary(grouping: computed.findings, by: \.temuan.severity.rawValue).mapValues(\.count)
        return Summary(
            tahun: args.tahun, kodeOPD: args.kodeOPD,
            indikatorDihitung: computed.indicators.filter { $0.result.value != nil }.count,
            indikatorDikecualikan: computed.indicators.filter { $0.result.value == nil }.count,
            sasaran: computed.sasaran.count, temuan: bySeverity, rowsChanged: writer.changed + absorptionChanged)
    }
}

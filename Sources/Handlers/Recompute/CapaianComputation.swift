import Foundation
import Kinerja

/// The pure part of recompute: capaian per indikator, categories, sasaran means and findings, from the values
/// read. No database here, so it is the same code the unit tests check.
struct CapaianComputation {
    struct IndicatorResult {
        let value: IndicatorValue
        let result: CapaianResult
        let kategori: String?
        let keterangan: String?
    }

    struct SasaranResult {
        let sasaranID: Int64
        let kodeOPD: String?
        let summary: SasaranSummary
        let kategori: String?
    }

    struct Finding {
        let kodeOPD: String?
        let temuan: Temuan
    }

    var indicators: [IndicatorResult] = []
    var sasaran: [SasaranResult] = []
    var findings: [Finding] = []

    init(values: [IndicatorValue], tahun: Int, scale: CategoryScale) {
        for v in values {
            let (target, usesRPJMD) = v.target
            let result = CapaianRule.compute(
                target: target, realisasi: v.realisasi, polaritas: v.polaritas, method: v.metode)
            var keterangan = result.keterangan
            if usesRPJMD && result.value != nil {
                keterangan = [
                    "Tahun ini tanpa target Perjanjian Kinerja; diukur terhadap target RPJMD \(v.targetRPJMD ?? "").",
                    keterangan,
                ].compactMap { $0 }.joined(separator: " ")
            }
            indicators.append(
                IndicatorResult(
                    value: v, result: result, kategori: scale.category(for: result.value), keterangan: keterangan))
            let checks: [Temuan?] = [
                target != nil
                    ? ConsistencyCheck.missingRealisasi(
                        indicator: v.indikator, year: tahun, realisasi: v.realisasi, source: v.source)
                    : nil,
                ConsistencyCheck.doubtfulPolarity(
                    indicator: v.indikator, satuan: v.satuan, polaritas: v.polaritas, source: v.source),
                ConsistencyCheck.flooredAtZero(indicator: v.indikator, year: tahun, result: result, source: v.source),
            ]
            findings += checks.compactMap { $0 }.map { Finding(kodeOPD: v.kodeOPD, temuan: $0) }
        }
        var order: [Int64] = []
        var grouped: [Int64: [IndicatorResult]] = [:]
        for r in indicators {
            if grouped[r.value.sasaranID] == nil { order.append(r.value.sasaranID) }
            grouped[r.value.sasaranID, default: []].append(r)
        }
        for id in order {
            let members = grouped[id]!
            let summary = SasaranSummary(
                sasaran: members[0].value.sasaran, results: members.map { ($0.value.indikator, $0.result) })
            sasaran.append(
                SasaranResult(
                    sasaranID: id, kodeOPD: members[0].value.kodeOPD, summary: summary,
                    kategori: summary.category(scale: scale)))
        }
    }
}

import Foundation
import Testing

@testable import Kinerja

@Suite("CapaianRule")
struct CapaianRuleTests {
    private func target(_ text: String) throws -> Target? { try Target.parse(text) }

    @Test("the five measured 2020 indicators against their Perjanjian Kinerja targets")
    func seed2020() throws {
        let expected = ["13,33%", "90,00%", "21,74%", "100,00%", "89,76%"]
        for (indicator, shown) in zip(Seed.indicators.prefix(5), expected) {
            let result = CapaianRule.compute(
                target: try target(indicator.perjanjianTarget),
                realisasi: try IndonesianNumber.parse(indicator.realisasi2020, percent: true),
                polaritas: indicator.polaritas, method: .standard)
            #expect(result.status == .dihitung)
            #expect(result.flags.isEmpty)
            let value = try #require(result.value)
            #expect(IndonesianFormat.percent(value) == shown, "\(indicator.name)")
        }
    }

    @Test("values stay unrounded")
    func unrounded() {
        let result = CapaianRule.compute(target: .value(30), realisasi: 4, polaritas: .positif, method: .standard)
        #expect(result.value == Decimal(400) / 30)
        #expect(result.value != Decimal(string: "13.33"))
    }

    @Test("Indeks Toleransi 2020: no realisation gives nil with a reason, not 0")
    func indeksToleransi2020() throws {
        let indeks = Seed.indicators[5]
        let realisasi = try IndonesianNumber.parse(indeks.realisasi2020)
        #expect(realisasi == nil)
        let result = CapaianRule.compute(
            target: try target(indeks.perjanjianTarget), realisasi: realisasi, polaritas: .negatif, method: .standard)
        #expect(result.value == nil)
        #expect(result.status == .realisasiKosong)
        #expect(result.keterangan?.contains("Realisasi") == true)
    }

    @Test("Indeks Toleransi 2019: rank 43 against target 10 is not reported as exceeded")
    func indeksToleransi2019() {
        let result = CapaianRule.compute(target: .value(10), realisasi: 43, polaritas: .negatif, method: .standard)
        #expect(result.value == 0)
        #expect(result.status == .dihitung)
        #expect(result.flags == [.flooredAtZero])
        #expect(result.keterangan?.contains("-230,00%") == true)
        // The wrong (higher-is-better) formula would claim 430%.
        let wrong = CapaianRule.compute(target: .value(10), realisasi: 43, polaritas: .positif, method: .standard)
        #expect(wrong.value == 430)
    }

    @Test(
        "negatif formulas",
        arguments: [
            // (target, realisasi, method, expected)
            ("10", "8", CapaianMethod.standard, "120"),
            ("10", "10", CapaianMethod.standard, "100"),
            ("10", "15", CapaianMethod.standard, "50"),
            ("10", "20", CapaianMethod.standard, "0"),
            ("10", "8", CapaianMethod.rasio, "125"),
            ("10", "40", CapaianMethod.rasio, "25"),
        ])
    func negatif(_ row: (String, String, CapaianMethod, String)) {
        let result = CapaianRule.compute(
            target: .value(Decimal(string: row.0)!), realisasi: Decimal(string: row.1)!,
            polaritas: .negatif, method: row.2)
        #expect(result.value == Decimal(string: row.3))
        #expect(result.flags.isEmpty)
    }

    @Test("rasio with zero realisasi is nil with a reason")
    func rasioZero() {
        let result = CapaianRule.compute(target: .value(10), realisasi: 0, polaritas: .negatif, method: .rasio)
        #expect(result.value == nil)
        #expect(result.status == .realisasiNol)
        #expect(result.keterangan != nil)
    }

    @Test("zero and missing targets are nil, never 0")
    func zeroTarget() {
        let zero = CapaianRule.compute(target: .value(0), realisasi: 5, polaritas: .positif, method: .standard)
        #expect(zero.value == nil)
        #expect(zero.status == .targetNol)
        let missing = CapaianRule.compute(target: nil, realisasi: 5, polaritas: .positif, method: .standard)
        #expect(missing.value == nil)
        #expect(missing.status == .targetKosong)
    }

    @Test("range targets")
    func ranges() {
        let range = Target.range(80, 90)
        let inside = CapaianRule.compute(target: range, realisasi: 85, polaritas: .positif, method: .standard)
        #expect(inside.value == 100)
        #expect(inside.flags == [.withinRange])
        let edge = CapaianRule.compute(target: range, realisasi: 90, polaritas: .negatif, method: .standard)
        #expect(edge.value == 100)
        let above = CapaianRule.compute(target: range, realisasi: 99, polaritas: .positif, method: .standard)
        #expect(above.value == 110)
        #expect(above.flags == [.usedUpperBound])
        let below = CapaianRule.compute(target: range, realisasi: 60, polaritas: .positif, method: .standard)
        #expect(below.value == 75)
        #expect(below.flags == [.usedLowerBound])
        // Lower is better: under the range is better than the range.
        let betterLow = CapaianRule.compute(target: range, realisasi: 72, polaritas: .negatif, method: .standard)
        #expect(betterLow.value == 110)
        let worseHigh = CapaianRule.compute(target: range, realisasi: 99, polaritas: .negatif, method: .standard)
        #expect(worseHigh.value == 90)
    }

    @Test("positif above target is above 100 and never capped")
    func positifAbove() {
        let result = CapaianRule.compute(target: .value(20), realisasi: 32, polaritas: .positif, method: .standard)
        #expect(result.value == 160)
    }
}

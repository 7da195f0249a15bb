import Foundation
import Testing

@testable import Kinerja

@Suite("Aggregates and comparisons")
struct AggregateTests {
    private func results2020() throws -> [(name: String, result: CapaianResult)] {
        try Seed.indicators.map { indicator in
            (
                indicator.name,
                CapaianRule.compute(
                    target: try Target.parse(indicator.perjanjianTarget),
                    realisasi: try IndonesianNumber.parse(indicator.realisasi2020, percent: true),
                    polaritas: indicator.polaritas, method: .standard)
            )
        }
    }

    @Test("sasaran mean leaves Indeks Toleransi out and counts it")
    func sasaranMean() throws {
        let summary = SasaranSummary(sasaran: Seed.sasaran, results: try results2020())
        #expect(summary.counted == 5)
        #expect(summary.leftOut == 1)
        #expect(summary.leftOutNames == ["Indeks Toleransi"])
        let five: [Decimal] = [Decimal(400) / 30, 90, Decimal(1000) / 46, 100, Decimal(6283) / 70]
        let mean = try #require(summary.mean)
        #expect(IndonesianFormat.round(mean, places: 20) == IndonesianFormat.round(five.reduce(0, +) / 5, places: 20))
        #expect(IndonesianFormat.percent(mean) == "62,97%")
        #expect(summary.category() == "Rendah")
    }

    @Test("no computable indicator gives no mean")
    func emptyMean() {
        let summary = SasaranSummary(sasaran: "S", indicators: [("a", nil), ("b", nil)])
        #expect(summary.mean == nil)
        #expect(summary.counted == 0)
        #expect(summary.leftOut == 2)
        #expect(summary.category() == nil)
    }

    private var programLines: [BudgetLine] {
        Seed.programs.map {
            BudgetLine(
                code: "", name: $0.name, anggaran: Seed.d($0.anggaran),
                realisasi: Seed.d($0.realisasi))
        }
    }

    @Test("absorption per program to the cent")
    func perProgram() throws {
        let expected = ["95,51%", "94,82%", "99,98%", "99,99%", "91,73%"]
        for (line, shown) in zip(programLines, expected) {
            let percent = try #require(Absorption.percent(realisasi: line.realisasi!, anggaran: line.anggaran))
            #expect(IndonesianFormat.percent(percent) == shown, "\(line.name)")
        }
    }

    @Test("Belanja Langsung total, Belanja Tidak Langsung and OPD total")
    func totals() throws {
        let bl = Absorption.total(programLines)
        #expect(bl.anggaran == Seed.d("3.629.993.707,50"))
        #expect(bl.realisasi == Seed.d("3.534.236.651"))
        #expect(IndonesianFormat.money(bl.anggaran) == "3.629.993.707,50")
        #expect(IndonesianFormat.percent(try #require(bl.percent)) == "97,36%")

        let btl = BudgetLine(
            code: "", name: "Belanja Tidak Langsung", anggaran: Seed.d("2.776.718.927,63"),
            realisasi: Seed.d("2.689.814.182"))
        #expect(IndonesianFormat.percent(try #require(Absorption.total([btl]).percent)) == "96,87%")

        let opd = Absorption.total(programLines + [btl])
        #expect(IndonesianFormat.money(opd.anggaran) == "6.406.712.635,13")
        #expect(IndonesianFormat.money(opd.realisasi) == "6.224.050.833,00")
        #expect(IndonesianFormat.percent(try #require(opd.percent)) == "97,15%")
        // Never a mean of row percentages: that would give another figure.
        let rowPercents = (programLines + [btl]).map { $0.realisasi! * 100 / $0.anggaran }
        let meanOfRows = rowPercents.reduce(0, +) / Decimal(rowPercents.count)
        #expect(IndonesianFormat.percent(meanOfRows) != "97,15%")
    }

    @Test("the true anggaran of the malformed row follows from the printed JUMLAH")
    func recoverMalformedRow() {
        let others = Seed.programs.enumerated().filter { $0.offset != 1 }.map { Seed.d($0.element.anggaran) }
        #expect(Seed.d("3.629.993.707,50") - others.reduce(0, +) == 267_338_000)
    }

    @Test("sums by key and nil percent for zero anggaran or missing realisasi")
    func byKey() throws {
        let lines = [
            BudgetLine(code: "5.1.01.01", anggaran: 100, realisasi: 90),
            BudgetLine(code: "5.1.02.01", anggaran: 300, realisasi: 210),
            BudgetLine(code: "5.2.02.01", anggaran: 50, realisasi: nil),
            BudgetLine(code: "5.3.01.01", anggaran: 0, realisasi: 0),
        ]
        let byType = Absorption.totals(lines) { BudgetCode.jenisBelanja(forAccount: $0.code, year: 2021) }
        #expect(byType[.operasi]?.anggaran == 400)
        #expect(byType[.operasi]?.percent == 75)
        #expect(byType[.modal]?.percent == nil)
        #expect(byType[.modal]?.linesWithoutRealisasi == 1)
        #expect(byType[.tidakTerduga]?.percent == nil)
        #expect(Absorption.percent(realisasi: 5, anggaran: 0) == nil)
    }

    @Test("roll-up sums leaves into every ancestor level")
    func rollUp() throws {
        let lines = [
            BudgetLine(code: "8.01.01.2.01.0001", anggaran: Seed.d("1.000,50"), realisasi: 900),
            BudgetLine(code: "8.01.01.2.01.0002", anggaran: 2000, realisasi: 1000),
            BudgetLine(code: "8.01.01.2.02.0001", anggaran: 500, realisasi: 500),
            BudgetLine(code: "8.01.02.2.01.0001", anggaran: 100, realisasi: 50),
        ]
        let totals = Absorption.rollUp(lines)
        #expect(totals["8.01.01.2.01"]?.anggaran == Seed.d("3.000,50"))
        #expect(totals["8.01.01"]?.anggaran == Seed.d("3.500,50"))
        #expect(totals["8.01.01"]?.realisasi == 2400)
        #expect(totals["8.01"]?.anggaran == Seed.d("3.600,50"))
        #expect(totals["8"]?.lineCount == 4)
        #expect(totals["8.01.01.2"] == nil)
    }

    @Test("last year, medium-term target, performance vs money")
    func comparisons() throws {
        // Rekomendasi Penerbitan Surat Keterangan: 32 in 2019, 18 in 2020, target 20 both years.
        let comparison = YearComparison(realisasi: 18, realisasiLastYear: 32, capaian: 90, capaianLastYear: 160)
        #expect(comparison.realisasiChange == -14)
        #expect(comparison.realisasiChangePercent == Decimal(-1400) / 32)
        #expect(comparison.capaianChangePoints == -70)
        #expect(
            YearComparison(realisasi: nil, realisasiLastYear: 43, capaian: nil, capaianLastYear: 0)
                .capaianChangePoints == nil)

        // Tingkat partisipasi pemilih against the RPJMD target 70%: 62,83 / 70 = 89,76%.
        let medium = MediumTermComparison(
            targetAkhirPeriode: .value(70), realisasi: Seed.d("62,83%"),
            polaritas: .positif)
        #expect(IndonesianFormat.percent(try #require(medium.result.value)) == "89,76%")
        let indeks = MediumTermComparison(targetAkhirPeriode: .value(10), realisasi: nil, polaritas: .negatif)
        #expect(indeks.result.status == .realisasiKosong)

        let summary = SasaranSummary(sasaran: Seed.sasaran, results: try results2020())
        let opd = Absorption.percent(realisasi: Seed.d("6.224.050.833"), anggaran: Seed.d("6.406.712.635,13"))
        let money = PerformanceVsMoney(meanCapaian: summary.mean, absorption: opd)
        let gap = try #require(money.gapPoints)
        #expect(IndonesianFormat.number(gap) == "-34,18")
        #expect(PerformanceVsMoney(meanCapaian: nil, absorption: opd).gapPoints == nil)
    }
}

import Foundation
import Testing

@testable import Kinerja

@Suite("ConsistencyCheck")
struct ConsistencyCheckTests {
    @Test("printed absorption of the five programs and JUMLAH agree with the figures")
    func printedProgramsAgree() throws {
        for program in Seed.programs {
            #expect(
                try ConsistencyCheck.printedAbsorption(
                    program.printed, anggaran: Seed.d(program.anggaran), realisasi: Seed.d(program.realisasi),
                    label: program.name) == nil)
        }
        #expect(
            try ConsistencyCheck.printedAbsorption(
                "97.36", anggaran: Seed.d("3.629.993.707,50"), realisasi: Seed.d("3.534.236.651"), label: "JUMLAH")
                == nil)
        #expect(
            try ConsistencyCheck.printedAbsorption(
                "97.15%", anggaran: Seed.d("6.406.712.635,13"), realisasi: Seed.d("6.224.050.833"), label: "OPD") == nil
        )
    }

    @Test("Belanja Tidak Langsung printed 97.00 where 96,87% is computed: PERSEN_BEDA")
    func printedBTL() throws {
        let finding = try #require(
            try ConsistencyCheck.printedAbsorption(
                "97.00", anggaran: Seed.d("2.776.718.927,63"), realisasi: Seed.d("2.689.814.182"),
                label: "Belanja Tidak Langsung", source: "Tabel 3.7 baris 1"))
        #expect(finding.code == .persenBeda)
        #expect(finding.severity == .galat)
        #expect(finding.source == "Tabel 3.7 baris 1")
        #expect(finding.message.contains("97%"))
        #expect(finding.message.contains("96,87%"))
        #expect(finding.message.contains("2.689.814.182"))
        #expect(finding.message.contains("2.776.718.927,63"))
    }

    @Test("Tabel 3.2 prints 0% for Indeks Toleransi, which cannot be computed")
    func printedZeroForMissing() throws {
        let finding = try ConsistencyCheck.printedPercent("0%", computed: nil, label: "Indeks toleransi")
        #expect(finding?.code == .persenBeda)
        #expect(try ConsistencyCheck.printedPercent("-", computed: nil, label: "x") == nil)
        // 4 / 35 printed as 11%: agrees at the printed precision.
        #expect(try ConsistencyCheck.printedPercent("11%", computed: Decimal(400) / 35, label: "x") == nil)
        #expect(throws: NumberError.self) {
            try ConsistencyCheck.printedPercent("9x%", computed: 1, label: "x")
        }
    }

    @Test("Tabel 3.2 targets 35 and 94% differ from the Perjanjian Kinerja 30 and 92%: TARGET_BEDA")
    func targetDiffers() throws {
        var findings: [Temuan] = []
        for indicator in Seed.indicators {
            if let finding = ConsistencyCheck.targetDiffers(
                indicator: indicator.name, year: 2020, target: try Target.parse(indicator.table32Target),
                perjanjianTarget: try Target.parse(indicator.perjanjianTarget), source: "Tabel 3.2")
            {
                findings.append(finding)
            }
        }
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.code == .targetBeda && $0.severity == .peringatan })
        #expect(findings[0].message.contains("35") && findings[0].message.contains("30"))
        #expect(findings[0].message.contains("Dukungan kegiatan kewaspadaan dini"))
        #expect(findings[1].message.contains("94") && findings[1].message.contains("92"))
        #expect(
            ConsistencyCheck.targetDiffers(indicator: "x", year: 2020, target: nil, perjanjianTarget: .value(1))
                == nil)
    }

    @Test("Indeks Toleransi 2020 has no realisasi: REALISASI_KOSONG")
    func missingRealisasi() {
        let finding = ConsistencyCheck.missingRealisasi(indicator: "Indeks Toleransi", year: 2020, realisasi: nil)
        #expect(finding?.code == .realisasiKosong)
        #expect(ConsistencyCheck.missingRealisasi(indicator: "x", year: 2020, realisasi: 0) == nil)
    }

    @Test("JUMLAH rows: the seed's table total agrees, the prose's Belanja Langsung does not")
    func totals() {
        let anggaran = Seed.programs.map { Seed.d($0.anggaran) }
        #expect(
            ConsistencyCheck.totalRow(
                label: "JUMLAH", column: "anggaran",
                printed: Seed.d("3.629.993.707,50"), rows: anggaran) == nil)
        // Section 3.3 says the total 6.406.712.635,13 is Belanja Langsung Rp. 3.983.537.465.- plus BTL.
        let finding = ConsistencyCheck.totalRow(
            label: "Total anggaran OPD (bagian 3.3)", column: "anggaran", printed: Seed.d("6.406.712.635,13"),
            rows: [Seed.d("Rp. 3.983.537.465.-"), Seed.d("2.776.718.927,63")], source: "LKIP 3.3")
        #expect(finding?.code == .jumlahBeda)
        #expect(finding?.message.contains("-353.543.757,5") == true)
    }

    @Test("parent amounts must equal the sum of their children: INDUK_BEDA")
    func parentSums() {
        let lines = [
            BudgetLine(code: "8.01.01", name: "Program A", anggaran: 3000, realisasi: 2500, source: "baris 2"),
            BudgetLine(code: "8.01.01.2.01", anggaran: 1000, realisasi: 900),
            BudgetLine(code: "8.01.01.2.02", anggaran: 1500, realisasi: 1600),
            BudgetLine(code: "8.01.01.2.02.0001", anggaran: 1500, realisasi: 1600),
            BudgetLine(code: "8.01.02.2.01", anggaran: 10, realisasi: nil),
        ]
        let findings = ConsistencyCheck.parentSums(lines)
        #expect(findings.count == 1)
        #expect(findings.first?.code == .indukBeda)
        #expect(findings.first?.source == "baris 2")
        #expect(findings.first?.message.contains("8.01.01 (Program A)") == true)
        #expect(findings.first?.message.contains("2.500") == true)
    }

    @Test("rank-like indicators declared higher-is-better: POLARITAS_MERAGUKAN")
    func polarity() {
        #expect(
            ConsistencyCheck.doubtfulPolarity(indicator: "Peringkat kota toleran", polaritas: .positif)?.code
                == .polaritasMeragukan)
        #expect(
            ConsistencyCheck.doubtfulPolarity(
                indicator: "Indeks Toleransi", satuan: "Peringkat",
                polaritas: .positif) != nil)
        #expect(ConsistencyCheck.doubtfulPolarity(indicator: "Rangking SAKIP", polaritas: .positif) != nil)
        #expect(ConsistencyCheck.doubtfulPolarity(indicator: "Peringkat kota", polaritas: .negatif) == nil)
        #expect(ConsistencyCheck.doubtfulPolarity(indicator: "Indeks Toleransi", polaritas: .positif) == nil)
        #expect(ConsistencyCheck.doubtfulPolarity(indicator: "Laporan berurutan", polaritas: .positif) == nil)
    }

    @Test("lower-is-better capaian printed with realisasi / target: CAPAIAN_NEGATIF_SALAH")
    func wrongNegativeFormula() throws {
        let finding = try ConsistencyCheck.wrongNegativeFormula(
            indicator: "Indeks Toleransi", printedCapaian: "430%", target: .value(10), realisasi: 43,
            polaritas: .negatif, method: .standard)
        #expect(finding?.code == .capaianNegatifSalah)
        #expect(finding?.message.contains("melampaui") == true)
        #expect(finding?.message.contains("0,00%") == true)
        // Correctly printed, positif indicators, and missing realisasi say nothing.
        #expect(
            try ConsistencyCheck.wrongNegativeFormula(
                indicator: "x", printedCapaian: "0%", target: .value(10), realisasi: 43, polaritas: .negatif,
                method: .standard) == nil)
        #expect(
            try ConsistencyCheck.wrongNegativeFormula(
                indicator: "x", printedCapaian: "430%", target: .value(10), realisasi: 43, polaritas: .positif,
                method: .standard) == nil)
        #expect(
            try ConsistencyCheck.wrongNegativeFormula(
                indicator: "x", printedCapaian: "0%", target: .value(10), realisasi: nil, polaritas: .negatif,
                method: .standard) == nil)
        // Realisasi equal to target: both formulas give 100, nothing to report.
        #expect(
            try ConsistencyCheck.wrongNegativeFormula(
                indicator: "x", printedCapaian: "100%", target: .value(10), realisasi: 10, polaritas: .negatif,
                method: .standard) == nil)
    }

    @Test("a floored capaian is reported: CAPAIAN_DIBATASI_NOL")
    func floored() {
        let result = CapaianRule.compute(target: .value(10), realisasi: 43, polaritas: .negatif, method: .standard)
        let finding = ConsistencyCheck.flooredAtZero(indicator: "Indeks Toleransi", year: 2019, result: result)
        #expect(finding?.code == .capaianDibatasiNol)
        #expect(finding?.severity == .info)
        #expect(finding?.message.contains("-230,00%") == true)
        let fine = CapaianRule.compute(target: .value(10), realisasi: 8, polaritas: .negatif, method: .standard)
        #expect(ConsistencyCheck.flooredAtZero(indicator: "x", year: 2019, result: fine) == nil)
    }

    @Test("codes are stable and unique; number errors become findings")
    func codes() {
        #expect(Set(TemuanCode.allCases.map(\.rawValue)).count == TemuanCode.allCases.count)
        #expect(TemuanCode.allCases.allSatisfy { $0.rawValue == $0.rawValue.uppercased() })
        let error = NumberError(text: "2.67.338.000", reason: "pengelompokan ribuan tidak valid")
        let finding = Temuan(numberError: error, column: "anggaran", source: "tabel-3.6.csv baris 3")
        #expect(finding.code == .angkaTidakValid)
        #expect(finding.message.contains("\"2.67.338.000\""))
        #expect(finding.source == "tabel-3.6.csv baris 3")
    }
}

@Suite("Temuan and Severity")
struct TemuanTests {
    @Test("severities sort errors first")
    func severityOrder() {
        #expect([Severity.info, .galat, .peringatan].sorted() == [.galat, .peringatan, .info])
    }

    @Test("a finding survives JSON, its code as the raw value; an unknown code is refused")
    func json() throws {
        let finding = Temuan(.targetBeda, message: "Target berbeda.", source: "kinerja.csv baris 4")
        let data = try JSONEncoder().encode(finding)
        #expect(try JSONDecoder().decode(Temuan.self, from: data) == finding)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"code\":\"TARGET_BEDA\"") && text.contains("\"peringatan\""))
        let unknown = Data(text.replacingOccurrences(of: "TARGET_BEDA", with: "TARGET_LAIN").utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Temuan.self, from: unknown) }
    }

    @Test("money in a capaian result survives JSON exactly")
    func decimalJSON() throws {
        let result = CapaianResult(value: Seed.d("6.406.712.635,13"), status: .dihitung)
        let data = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(CapaianResult.self, from: data) == result)
    }
}

import Foundation
import Kinerja
import Report

/// The seed LKIP (Badan Kesatuan Bangsa dan Politik, Kota Palangka Raya, 2020) as a report model, with every
/// capaian and percentage computed here from the seed's figures, the way the job handler would.
enum SeedReport {
    static let sasaran = "Meningkatnya toleransi di kalangan masyarakat"

    static let scale = CategoryScale.permendagri86

    /// One indicator of Tabel 3.1: name, unit, polarity, target as printed, target value, 2019 and 2020 realisasi.
    struct Indicator {
        var name: String
        var satuan: String
        var polaritas: Polaritas
        var targetText: String
        var target: Decimal
        var realisasi2019: Decimal?
        var realisasi2020: Decimal?
    }

    static let indicators: [Indicator] = [
        Indicator(
            name: "Dukungan kegiatan kewaspadaan dini daerah Kota Palangka Raya", satuan: "kegiatan",
            polaritas: .positif, targetText: "30", target: 30, realisasi2019: 4, realisasi2020: 4),
        Indicator(
            name: "Rekomendasi Penerbitan Surat Keterangan", satuan: "surat", polaritas: .positif,
            targetText: "20", target: 20, realisasi2019: 32, realisasi2020: 18),
        Indicator(
            name: "Jumlah pertemuan terkait kerukunan umat beragama", satuan: "kegiatan", polaritas: .positif,
            targetText: "46", target: 46, realisasi2019: 6, realisasi2020: 10),
        Indicator(
            name: "Persentase capaian kinerja pencegahan, pemulihan", satuan: "%", polaritas: .positif,
            targetText: "92%", target: 92, realisasi2019: 99, realisasi2020: 92),
        Indicator(
            name: "Tingkat partisipasi pemilih", satuan: "%", polaritas: .positif, targetText: "70%",
            target: 70, realisasi2019: Decimal(string: "77.5")!, realisasi2020: Decimal(string: "62.83")!),
        Indicator(
            name: "Indeks Toleransi", satuan: "peringkat", polaritas: .negatif, targetText: "10", target: 10,
            realisasi2019: 43, realisasi2020: nil),
    ]

    static func capaian(_ indicator: Indicator, realisasi: Decimal?) -> Decimal? {
        guard let realisasi, indicator.target != 0 else { return nil }
        switch indicator.polaritas {
        case .positif: return realisasi / indicator.target * 100
        case .negatif: return max(0, (2 * indicator.target - realisasi) / indicator.target * 100)
        }
    }

    static func kategori(_ capaian: Decimal?) -> String? { scale.category(for: capaian) }

    static func money(_ text: String) -> Decimal { Decimal(string: text)! }

    static func line(
        _ kode: String, _ nama: String, _ anggaran: Decimal, _ realisasi: Decimal?
    ) -> LKIPReport.BudgetRow {
        LKIPReport.BudgetRow(
            kode: kode, nama: nama, anggaran: anggaran, realisasi: realisasi,
            persen: realisasi.flatMap { anggaran == 0 ? nil : $0 / anggaran * 100 })
    }

    static func table(_ rows: [LKIPReport.BudgetRow]) -> BudgetTable {
        let anggaran = rows.reduce(Decimal(0)) { $0 + $1.anggaran }
        let realisasi = rows.contains { $0.realisasi == nil } ? nil : rows.reduce(Decimal(0)) { $0 + $1.realisasi! }
        return BudgetTable(rows: rows, total: line("", "JUMLAH", anggaran, realisasi))
    }

    static func make() -> LKIPReport {
        let missingReason = "realisasi belum tersedia"
        let measurements = indicators.map { indicator in
            let capaian = capaian(indicator, realisasi: indicator.realisasi2020)
            return MeasurementRow(
                sasaran: sasaran, indikator: indicator.name, satuan: indicator.satuan, polaritas: indicator.polaritas,
                target: indicator.targetText, realisasi: indicator.realisasi2020, capaian: capaian,
                kategori: kategori(capaian), status: capaian == nil ? .realisasiKosong : .dihitung,
                keterangan: capaian == nil ? missingReason : nil)
        }
        let counted = measurements.compactMap(\.capaian)
        let mean = counted.reduce(Decimal(0), +) / Decimal(counted.count)
        let excluded = measurements.filter { $0.capaian == nil }.map {
            ExcludedIndicator(indikator: $0.indikator, alasan: $0.keterangan ?? "")
        }

        let programs = table([
            line("", "Program Peningkatan Pelayanan Pemerintah", money("1464186757.50"), money("1398477701")),
            line("", "Program Pembinaan Ideologi Wawasan Kebangsaan", money("267338000"), money("253488000")),
            line("", "Program Peningkatan Kewaspadaan Nasional", money("1516112950"), money("1515862950")),
            line("", "Program Peningkatan Ketahanan Sosial Ekonomi", money("189801000"), money("189776000")),
            line("", "Program Peningkatan Pendidikan Politik", money("192555000"), money("176632000")),
        ])
        let jenisBelanja = table([
            line("BL", "Belanja Langsung", programs.total.anggaran, programs.total.realisasi),
            line("BTL", "Belanja Tidak Langsung", money("2776718927.63"), money("2689814182")),
        ])
        let penyerapan = jenisBelanja.total.persen!

        return LKIPReport(
            opd: OPD(kode: "8.01.0.00.0.00.01.0000", nama: "Badan Kesatuan Bangsa dan Politik"),
            tahun: 2020, pemerintah: "Kota Palangka Raya", generatedAt: "2021-02-15 09:30:00 WIB",
            categoryScale: scale,
            perjanjianKinerja: indicators.map {
                PerjanjianKinerjaRow(sasaran: sasaran, indikator: $0.name, satuan: $0.satuan, target: $0.targetText)
            },
            measurements: measurements,
            sasaranSummaries: [
                LKIPReport.SasaranRow(
                    sasaran: sasaran, capaian: mean, kategori: kategori(mean),
                    indikatorDihitung: counted.count, indikatorDikecualikan: excluded.count,
                    dikecualikan: excluded)
            ],
            lastYearComparison: indicators.map { indicator in
                let last = capaian(indicator, realisasi: indicator.realisasi2019)
                let this = capaian(indicator, realisasi: indicator.realisasi2020)
                return YearComparisonRow(
                    sasaran: sasaran, indikator: indicator.name, satuan: indicator.satuan,
                    realisasiTahunLalu: indicator.realisasi2019, realisasi: indicator.realisasi2020,
                    capaianTahunLalu: last, capaian: this, perubahanPoin: last.flatMap { l in this.map { $0 - l } },
                    keterangan: indicator.realisasi2020 == nil ? missingReason : nil)
            },
            mediumTermComparison: indicators.map { indicator in
                MediumTermRow(
                    sasaran: sasaran, indikator: indicator.name, satuan: indicator.satuan,
                    targetAkhirPeriode: indicator.targetText, realisasi: indicator.realisasi2020,
                    capaian: capaian(indicator, realisasi: indicator.realisasi2020),
                    keterangan: indicator.realisasi2020 == nil ? missingReason : nil)
            },
            performanceVsMoney: LKIPReport.MoneyComparison(
                PerformanceVsMoney(meanCapaian: mean, absorption: penyerapan),
                indikatorDihitung: counted.count, indikatorDikecualikan: excluded.count),
            budgetByProgram: programs,
            budgetByJenisBelanja: jenisBelanja,
            findings: [
                Temuan(
                    .persenBeda, severity: .peringatan,
                    message: "Persentase tercetak 97,00 untuk Belanja Tidak Langsung berbeda dari hasil hitung "
                        + "96,87 (2.689.814.182 / 2.776.718.927,63).",
                    source: "realisasi-anggaran-2020.csv baris 7"),
                Temuan(
                    .angkaTidakValid, severity: .galat,
                    message: "Anggaran \"2.67.338.000\" tidak sah (pengelompokan ribuan salah); "
                        + "dipakai 267.338.000 dari dokumen anggaran.",
                    source: "realisasi-anggaran-2020.csv baris 3"),
                Temuan(
                    .targetBeda, severity: .peringatan,
                    message: "Target \"Dukungan kegiatan kewaspadaan dini daerah Kota Palangka Raya\" pada "
                        + "Tabel 3.2 (35) berbeda dari target Perjanjian Kinerja (30).",
                    source: "kinerja-2020.csv baris 2"),
                Temuan(
                    .realisasiKosong, severity: .info,
                    message: "Realisasi Indeks Toleransi tahun 2020 belum tersedia; capaian tidak dihitung.",
                    source: "kinerja-2020.csv baris 7"),
            ],
            footnotes: Footnotes(
                formulas: [
                    Formula(name: "Capaian (polaritas positif)", expression: "realisasi / target × 100"),
                    Formula(
                        name: "Capaian (polaritas negatif)",
                        expression: "(2 × target − realisasi) / target × 100, paling rendah 0"),
                    Formula(
                        name: "Capaian (target rentang a-b)",
                        expression: "di atas rentang: terhadap b; di bawah rentang: terhadap a; di dalam: 100"),
                    Formula(name: "Capaian sasaran", expression: "rata-rata capaian indikator yang tersedia"),
                    Formula(name: "Penyerapan anggaran", expression: "Σ realisasi / Σ anggaran × 100"),
                    Formula(
                        name: "Selisih kinerja − anggaran",
                        expression: "capaian rata-rata − penyerapan (poin)"),
                ],
                imports: [
                    ImportRecord(
                        id: "101", kind: "import_kinerja", fileName: "kinerja-2020.csv",
                        sha256: String(repeating: "3f2a9c", count: 10) + "0b1d",
                        importedAt: "2021-02-10 08:00:00 WIB"),
                    ImportRecord(
                        id: "102", kind: "import_rka", fileName: "realisasi-anggaran-2020.csv",
                        sha256: String(repeating: "a17e04", count: 10) + "c9d2",
                        importedAt: "2021-02-10 08:05:00 WIB"),
                ]))
    }
}

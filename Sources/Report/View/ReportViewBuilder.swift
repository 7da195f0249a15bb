import Foundation
import Kinerja

/// Turns an `LKIPReport` into the formatted tables, charts and key figures every output prints.
///
/// It formats, it does not compute: every figure comes from the report as given, so HTML, Markdown and CSV
/// cannot disagree with each other or with the JSON.
struct ReportViewBuilder {
    let report: LKIPReport

    private var year: String { String(report.tahun) }
    private var lastYear: String { String(report.tahun - 1) }
    /// The government-wide LKIP: budget per OPD instead of per program.
    private var isGovernment: Bool { report.budgetByOPD != nil }

    func build() -> ReportView {
        ReportView(
            pemerintah: report.pemerintah,
            title:
                "Laporan Kinerja Instansi Pemerintah (LKIP) \(isGovernment ? "Pemerintah Daerah " : "")Tahun \(year)",
            opdNama: report.opd.nama, opdKode: report.opd.kode, codeLabel: isGovernment ? "Kode pemda" : "Kode OPD",
            tahun: year, generatedAt: report.generatedAt,
            summary: summary(),
            sections: [
                NarasiSections(report: report).introduction(), planning(), accountability(), budget(),
                NarasiSections(report: report).closing(), findingsAndNotes(),
            ])
    }

    // MARK: Key figures

    private func summary() -> [SummaryItemView] {
        let money = report.performanceVsMoney
        let counted = money.indikatorDihitung
        let all = counted + money.indikatorDikecualikan
        let mean = money.capaianRataRata
        let opdTotal = report.budgetByJenisBelanja.total
        let findingCounts = Severity.allCases.map { severity in
            "\(report.findings.filter { $0.severity == severity }.count) \(severity.rawValue)"
        }
        return [
            SummaryItemView(
                label: "Capaian kinerja rata-rata", value: mean.map(ReportText.percent) ?? ReportText.notAvailable,
                note: mean.map { "\(report.categoryScale.category(for: $0)); \(counted) dari \(all) indikator" }
                    ?? "tidak ada indikator yang dapat dihitung",
                missing: mean == nil),
            SummaryItemView(
                label: "Penyerapan anggaran",
                value: money.penyerapan.map(ReportText.percent) ?? ReportText.notAvailable,
                note: opdTotal.realisasi.map { realisasi in
                    "Rp \(ReportText.money(realisasi)) dari Rp \(ReportText.money(opdTotal.anggaran))"
                } ?? "realisasi belum tersedia",
                missing: money.penyerapan == nil),
            SummaryItemView(
                label: "Selisih kinerja − anggaran",
                value: money.selisihPoin.map { ReportText.points($0) + " poin" } ?? ReportText.notAvailable,
                note: "capaian rata-rata dikurangi penyerapan", missing: money.selisihPoin == nil),
            SummaryItemView(
                label: "Temuan", value: String(report.findings.count), note: findingCounts.joined(separator: ", "),
                missing: false),
        ]
    }

    // MARK: BAB II

    private func planning() -> SectionView {
        var groups = SasaranGrouping()
        var rows: [RowView] = []
        for row in report.perjanjianKinerja {
            let (sasaranNo, indicatorNo) = groups.next(row.sasaran)
            rows.append(
                RowView(cells: [
                    .number("\(sasaranNo)."), .input(row.sasaran), .number("\(indicatorNo)."), .input(row.indikator),
                    .input(row.satuan), CellView(text: row.target, numeric: true),
                ]))
        }
        let table = TableView(
            key: "perjanjian_kinerja", label: "Tabel 2.1", title: "Perjanjian Kinerja Tahun \(year)",
            columns: [
                ColumnView("No.", width: "5%"), ColumnView("Sasaran Strategis", width: "28%"),
                ColumnView("No.", width: "5%"), ColumnView("Indikator Kinerja"), ColumnView("Satuan", width: "11%"),
                ColumnView("Target", numeric: true, width: "10%"),
            ],
            rows: RowSpans.merge(rows, columns: [0, 1]))
        return SectionView(
            id: "bab-2", heading: "BAB II  PERENCANAAN KINERJA",
            subsections: [
                SubsectionView(
                    heading: "2.4 Perjanjian Kinerja Tahun \(year)",
                    blocks: [
                        .text(
                            "Perjanjian Kinerja adalah janji kinerja \(report.opd.nama) untuk tahun \(year): "
                                + "sasaran strategis, indikatornya dan target yang hendak dicapai."),
                        .table(table),
                    ])
            ])
    }

    // MARK: BAB III

    private func accountability() -> SectionView {
        SectionView(
            id: "bab-3", heading: "BAB III  AKUNTABILITAS KINERJA TAHUN \(year)",
            subsections: [
                SubsectionView(
                    heading: "3.1 Pengukuran Capaian Kinerja",
                    blocks: [
                        .text(
                            "Capaian dihitung dari target Perjanjian Kinerja dan realisasi tahun \(year) menurut polaritas "
                                + "indikator; kategori menurut skala \(report.categoryScale.name). Nilai yang belum tersedia "
                                + "tidak dihitung sebagai nol dan tidak ikut dirata-rata."),
                        .table(measurementTable()), .chart(capaianChart()), .table(sasaranTable()),
                    ]),
                SubsectionView(
                    heading: "3.2 Perbandingan Realisasi Tahun \(year) dengan Tahun \(lastYear)",
                    blocks: [
                        .table(lastYearTable())
                    ]),
                SubsectionView(
                    heading: "3.3 Perbandingan Realisasi dengan Target Jangka Menengah",
                    blocks: [
                        .table(mediumTermTable())
                    ]),
                SubsectionView(
                    heading: "3.4 Kinerja dan Penggunaan Anggaran",
                    blocks: [
                        .text(
                            "Capaian kinerja rata-rata dibandingkan dengan penyerapan anggaran seluruh OPD. Selisih negatif "
                                + "berarti anggaran terserap lebih cepat daripada kinerja tercapai."),
                        .table(performanceVsMoneyTable()), .chart(performanceVsMoneyChart()),
                    ]),
            ])
    }

    private func measurementTable() -> TableView {
        var groups = SasaranGrouping()
        var rows: [RowView] = []
        for (index, row) in report.measurements.enumerated() {
            let (sasaranNo, _) = groups.next(row.sasaran)
            rows.append(
                RowView(cells: [
                    .number("\(sasaranNo)."), .input(row.sasaran), .number("\(index + 1)."), .input(row.indikator),
                    .input(row.satuan), .input(row.polaritas.rawValue), CellView(text: row.target, numeric: true),
                    row.realisasi.map { .number(ReportText.quantity($0, satuan: row.satuan)) } ?? .missing(nil),
                    capaianCell(row.capaian, keterangan: row.keterangan),
                    row.kategori.map(CellView.input) ?? .missing(nil),
                ]))
        }
        return TableView(
            key: "pengukuran", label: "Tabel 3.1", title: "Pengukuran Kinerja Tahun \(year)",
            columns: [
                ColumnView("No.", width: "5%"), ColumnView("Sasaran Strategis", width: "14%"),
                ColumnView("No.", width: "5%"), ColumnView("Indikator Kinerja", width: "17%"),
                ColumnView("Satuan", width: "11%"), ColumnView("Polaritas", width: "10%"),
                ColumnView("Target", numeric: true, width: "9%"), ColumnView("Realisasi", numeric: true, width: "10%"),
                ColumnView("Capaian", numeric: true, width: "9%"), ColumnView("Kategori", width: "10%"),
            ],
            rows: RowSpans.merge(rows, columns: [0, 1]))
    }

    private func capaianChart() -> ChartView {
        let items = report.measurements.enumerated().map { index, row in
            BarChartItem(
                label: "\(index + 1). \(row.indikator)", value: row.capaian,
                valueText: row.capaian.map { ReportText.percent($0) + (row.kategori.map { " · \($0)" } ?? "") }
                    ?? ReportText.missing(row.keterangan))
        }
        return BarChartBuilder(domainMax: 120, tickStep: 20, reference: 100).build(
            id: "g-capaian", label: "Gambar 3.1", title: "Capaian per Indikator Kinerja Tahun \(year)",
            description: "Diagram batang capaian setiap indikator terhadap target 100%.", items: items,
            legend: "Garis tegak = target (100%). Batang di atas 120% dipotong; angka di sebelahnya adalah nilai "
                + "sebenarnya. Batang berarsir: capaian belum tersedia.")
    }

    private func sasaranTable() -> TableView {
        let rows = report.sasaranSummaries.enumerated().map { index, summary in
            RowView(cells: [
                .number("\(index + 1)."), .input(summary.sasaran),
                summary.capaian.map { .number(ReportText.percent($0)) }
                    ?? .missing("tidak ada indikator yang dapat dihitung"),
                summary.kategori.map(CellView.input) ?? .missing(nil),
                .number("\(summary.indikatorDihitung)"), .number("\(summary.indikatorDikecualikan)"),
                .input(summary.dikecualikan.map { "\($0.indikator): \($0.alasan)" }.joined(separator: "; ")),
            ])
        }
        return TableView(
            key: "capaian_sasaran", label: "Tabel 3.2", title: "Capaian Sasaran Strategis Tahun \(year)",
            columns: [
                ColumnView("No.", width: "5%"), ColumnView("Sasaran Strategis", width: "30%"),
                ColumnView("Capaian rata-rata", numeric: true, width: "11%"), ColumnView("Kategori", width: "11%"),
                ColumnView("Indikator dihitung", numeric: true, width: "10%"),
                ColumnView("Tidak dihitung", numeric: true, width: "9%"), ColumnView("Tidak dihitung karena"),
            ],
            rows: rows,
            note: "Capaian sasaran = rata-rata capaian indikatornya; indikator tanpa capaian tidak ikut dirata-rata.")
    }

    private func lastYearTable() -> TableView {
        let rows = report.lastYearComparison.enumerated().map { index, row in
            RowView(cells: [
                .number("\(index + 1)."), .input(row.indikator), .input(row.satuan),
                row.realisasiTahunLalu.map { .number(ReportText.quantity($0, satuan: row.satuan)) } ?? .missing(nil),
                row.realisasi.map { .number(ReportText.quantity($0, satuan: row.satuan)) } ?? .missing(nil),
                row.capaianTahunLalu.map { .number(ReportText.percent($0)) } ?? .missing(nil),
                capaianCell(row.capaian, keterangan: row.keterangan),
                row.perubahanPoin.map { .number(ReportText.points($0)) } ?? .missing(nil),
            ])
        }
        return TableView(
            key: "perbandingan_tahun_lalu", label: "Tabel 3.3",
            title: "Realisasi dan Capaian Tahun \(lastYear) dan \(year)",
            columns: [
                ColumnView("No.", width: "5%"), ColumnView("Indikator Kinerja"),
                ColumnView("Satuan", width: "8%"),
                ColumnView("Realisasi \(lastYear)", numeric: true, width: "9%"),
                ColumnView("Realisasi \(year)", numeric: true, width: "9%"),
                ColumnView("Capaian \(lastYear)", numeric: true, width: "9%"),
                ColumnView("Capaian \(year)", numeric: true, width: "12%"),
                ColumnView("Perubahan (poin)", numeric: true, width: "9%"),
            ],
            rows: rows)
    }

    private func mediumTermTable() -> TableView {
        let rows = report.mediumTermComparison.enumerated().map { index, row in
            RowView(cells: [
                .number("\(index + 1)."), .input(row.indikator), .input(row.satuan),
                CellView(text: row.targetAkhirPeriode, numeric: true),
                row.realisasi.map { .number(ReportText.quantity($0, satuan: row.satuan)) } ?? .missing(nil),
                capaianCell(row.capaian, keterangan: row.keterangan),
            ])
        }
        return TableView(
            key: "target_jangka_menengah", label: "Tabel 3.4",
            title: "Realisasi Tahun \(year) terhadap Target Akhir Periode",
            columns: [
                ColumnView("No.", width: "5%"), ColumnView("Indikator Kinerja"),
                ColumnView("Satuan", width: "10%"), ColumnView("Target akhir periode", numeric: true, width: "11%"),
                ColumnView("Realisasi \(year)", numeric: true, width: "10%"),
                ColumnView("Capaian thd. target akhir", numeric: true, width: "13%"),
            ],
            rows: rows)
    }

    private func performanceVsMoneyTable() -> TableView {
        let money = report.performanceVsMoney
        let all = money.indikatorDihitung + money.indikatorDikecualikan
        let rows = [
            RowView(cells: [
                .input("Capaian kinerja rata-rata (\(money.indikatorDihitung) dari \(all) indikator)"),
                money.capaianRataRata.map { .number(ReportText.percent($0)) }
                    ?? .missing("tidak ada indikator yang dapat dihitung"),
            ]),
            RowView(cells: [
                .input("Penyerapan anggaran (Σ realisasi / Σ anggaran)"),
                money.penyerapan.map { .number(ReportText.percent($0)) } ?? .missing("anggaran belum tersedia"),
            ]),
            RowView(
                cells: [
                    .input("Selisih capaian − penyerapan (poin)"),
                    money.selisihPoin.map { .number(ReportText.points($0)) } ?? .missing(nil),
                ], total: true),
        ]
        return TableView(
            key: "kinerja_anggaran", label: "Tabel 3.5", title: "Capaian Kinerja dan Penyerapan Anggaran \(year)",
            columns: [ColumnView("Uraian", width: "70%"), ColumnView("Nilai", numeric: true)], rows: rows)
    }

    private func performanceVsMoneyChart() -> ChartView {
        let money = report.performanceVsMoney
        let items = [
            BarChartItem(
                label: "Capaian kinerja rata-rata", value: money.capaianRataRata,
                valueText: money.capaianRataRata.map(ReportText.percent) ?? ReportText.notAvailable),
            BarChartItem(
                label: "Penyerapan anggaran", value: money.penyerapan,
                valueText: money.penyerapan.map(ReportText.percent) ?? ReportText.notAvailable),
        ]
        return BarChartBuilder(domainMax: 120, tickStep: 20, reference: 100).build(
            id: "g-kinerja-anggaran", label: "Gambar 3.2", title: "Capaian Kinerja dan Penyerapan Anggaran \(year)",
            description: "Dua batang: capaian kinerja rata-rata dan penyerapan anggaran.", items: items)
    }

    /// A capaian with its keterangan (remark) under it; when missing, "belum tersedia" and the reason.
    private func capaianCell(_ capaian: Decimal?, keterangan: String?) -> CellView {
        guard let capaian else { return .missing(keterangan) }
        return CellView(text: ReportText.percent(capaian), note: keterangan, numeric: true)
    }

    // MARK: Budget

    /// BAB III's budget: realisation per program (an OPD's LKIP) or per OPD (the government-wide one, where `budgetByOPD`
    /// is set), with its chart, then per jenis belanja.
    private func budget() -> SectionView {
        let byOPD = report.budgetByOPD
        let (table, key, heading, subject) =
            byOPD.map { ($0, "anggaran_opd", "3.5 Realisasi Anggaran per Perangkat Daerah", "OPD") }
            ?? (report.budgetByProgram, "anggaran_program", "3.5 Realisasi Anggaran per Program", "Program")
        return SectionView(
            id: "anggaran", heading: "BAB III (lanjutan)  REALISASI ANGGARAN TAHUN \(year)",
            subsections: [
                SubsectionView(
                    heading: heading,
                    blocks: [
                        .table(
                            budgetTable(
                                table, key: key, label: "Tabel 3.6",
                                title: "Realisasi Anggaran per \(subject) Tahun \(year)",
                                nameTitle: subject)),
                        .chart(absorptionChart(table, subject: subject)),
                    ]),
                SubsectionView(
                    heading: "3.6 Realisasi Anggaran per Jenis Belanja",
                    blocks: [
                        .table(
                            budgetTable(
                                report.budgetByJenisBelanja, key: "anggaran_jenis_belanja", label: "Tabel 3.7",
                                title: "Realisasi Anggaran per Jenis Belanja Tahun \(year)"
                                    + (byOPD == nil ? "" : " (seluruh OPD)"),
                                nameTitle: "Jenis Belanja"))
                    ]),
            ])
    }

    private func budgetTable(
        _ table: BudgetTable, key: String, label: String, title: String,
        nameTitle: String
    ) -> TableView {
        // The old (13/2006) scheme's tables often have no codes; an empty column would only take space.
        let hasCodes = (table.rows + [table.total]).contains { !$0.kode.isEmpty }
        var rows = table.rows.enumerated().map { index, line in
            budgetRow(line, number: "\(index + 1).", withCode: hasCodes)
        }
        rows.append(budgetRow(table.total, number: "", withCode: hasCodes, total: true))
        var columns = [
            ColumnView("No.", width: "5%"), ColumnView(nameTitle),
            ColumnView("Anggaran (Rp)", numeric: true, width: "19%"),
            ColumnView("Realisasi (Rp)", numeric: true, width: "19%"),
            ColumnView("Penyerapan", numeric: true, width: "11%"),
        ]
        if hasCodes { columns.insert(ColumnView("Kode", width: "12%"), at: 1) }
        return TableView(
            key: key, label: label, title: title, columns: columns,
            rows: rows, note: "Penyerapan = realisasi / anggaran × 100; baris jumlah = Σ realisasi / Σ anggaran.")
    }

    private func budgetRow(
        _ line: LKIPReport.BudgetRow, number: String, withCode: Bool, total: Bool = false
    ) -> RowView {
        var kode = CellView.input(line.kode)
        kode.code = true
        return RowView(
            cells: [.number(number)] + (withCode ? [kode] : []) + [
                .input(line.nama), .number(ReportText.money(line.anggaran)),
                line.realisasi.map { .number(ReportText.money($0)) } ?? .missing(nil),
                line.persen.map { .number(ReportText.percent($0)) }
                    ?? .missing(ReportText.missingRatioReason(anggaran: line.anggaran, realisasi: line.realisasi)),
            ], total: total)
    }

    private func absorptionChart(_ table: BudgetTable, subject: String) -> ChartView {
        var items = table.rows.enumerated().map { index, line in
            BarChartItem(
                label: "\(index + 1). \(line.nama)", value: line.persen,
                valueText: line.persen.map(ReportText.percent)
                    ?? ReportText.missing(
                        ReportText.missingRatioReason(anggaran: line.anggaran, realisasi: line.realisasi)))
        }
        let total = table.total
        items.append(
            BarChartItem(
                label: total.nama, value: total.persen,
                valueText: total.persen.map(ReportText.percent) ?? ReportText.notAvailable))
        return BarChartBuilder(domainMax: 100, tickStep: 25, reference: nil).build(
            id: "g-penyerapan", label: "Gambar 3.3",
            title: "Penyerapan Anggaran per \(subject) Tahun \(year)",
            description:
                "Diagram batang penyerapan anggaran setiap \(subject == "OPD" ? subject : subject.lowercased()), 0 sampai 100%.",
            items: items,
            legend: "Panjang penuh = 100% anggaran terserap.")
    }

    // MARK: Findings and notes

    private func findingsAndNotes() -> SectionView {
        let findingRows = report.findings.enumerated().map { index, finding in
            var code = CellView.input(finding.code.rawValue)
            code.code = true
            return RowView(cells: [
                .number("\(index + 1)."), code, .input(finding.severity.rawValue), .input(finding.message),
                .input(finding.source ?? ""),
            ])
        }
        let findings = TableView(
            key: "temuan", label: "Tabel A.1", title: "Temuan Pemeriksaan Data",
            columns: [
                ColumnView("No.", width: "5%"), ColumnView("Kode", width: "18%"), ColumnView("Tingkat", width: "11%"),
                ColumnView("Pesan"), ColumnView("Sumber", width: "20%"),
            ],
            rows: findingRows,
            note: "galat = data salah atau tidak dapat dibaca; peringatan = perlu diperiksa; info = keterangan.")
        let formulas = TableView(
            key: "rumus", label: "Tabel B.1", title: "Rumus",
            columns: [ColumnView("Besaran", width: "32%"), ColumnView("Rumus")],
            rows: report.footnotes.formulas.map { RowView(cells: [.input($0.name), .input($0.expression)]) })
        let scale = TableView(
            key: "skala_kategori", label: "Tabel B.2", title: "Skala Kategori Capaian (\(report.categoryScale.name))",
            columns: [ColumnView("Kategori", width: "32%"), ColumnView("Capaian (dibandingkan sebelum dibulatkan)")],
            rows: report.categoryScale.bands().map { RowView(cells: [.input($0.kategori), .input($0.range)]) })
        let imports = TableView(
            key: "sumber_data", label: "Tabel B.3", title: "Sumber Data (Impor)",
            columns: [
                ColumnView("ID", width: "7%"), ColumnView("Jenis", width: "13%"), ColumnView("Berkas", width: "22%"),
                ColumnView("SHA-256"), ColumnView("Diimpor", width: "17%"),
            ],
            rows: report.footnotes.imports.map { record in
                var hash = CellView.input(record.sha256)
                hash.code = true
                return RowView(cells: [
                    .input(record.id), .input(record.kind), .input(record.fileName), hash, .input(record.importedAt),
                ])
            })
        return SectionView(
            id: "lampiran", heading: "LAMPIRAN",
            subsections: [
                SubsectionView(heading: "A. Temuan", blocks: [.table(findings)]),
                SubsectionView(
                    heading: "B. Catatan",
                    blocks: [
                        .text(
                            "Persentase ditampilkan dua desimal, dibulatkan setengah ke atas, dari nilai yang belum "
                                + "dibulatkan; karena itu selisih yang ditampilkan dapat berbeda 0,01 dari selisih angka bulat."
                        ),
                        .table(formulas), .table(scale), .table(imports),
                    ]),
            ])
    }
}

/// Everything the HTML and Markdown templates print, already formatted and in reading order.
struct ReportView: Sendable {
    var pemerintah: String
    var title: String
    var opdNama: String
    var opdKode: String
    /// What `opdKode` is: "Kode OPD", or "Kode pemda" in the government-wide report.
    var codeLabel: String
    var tahun: String
    var generatedAt: String
    var summary: [SummaryItemView]
    var sections: [SectionView]

    /// All tables in reading order (for CSV).
    var tables: [TableView] {
        sections.flatMap { $0.subsections.flatMap { $0.blocks.compactMap(\.table) } }
    }
}

/// The output formats of a rendered LKIP.
public enum ReportFormat: String, CaseIterable, Codable, Sendable {
    /// One self-contained HTML file with A4 print styles and inline SVG charts.
    case html
    /// GitHub Markdown with the same tables.
    case md
    /// The report model as stable JSON (sorted keys, snake_case, decimals as exact strings).
    case json
    /// All tables in one RFC 4180 CSV, each block headed by a row whose first cell is "section".
    case csv
}

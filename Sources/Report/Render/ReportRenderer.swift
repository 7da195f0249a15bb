import Foundation
import Mustache

/// Renders an `LKIPReport` as HTML, Markdown, JSON or CSV.
///
/// Rendering is deterministic: the same report gives the same bytes; only `generatedAt` changes between runs.
/// Every value from the report is escaped for its format (HTML/SVG by Mustache's HTML escaping, Markdown by
/// `MarkdownContentType`, CSV by quoting and formula guarding).
public struct ReportRenderer: Sendable {
    private let library: MustacheLibrary

    /// Template names in Sources/Report/Templates (file name without ".mustache").
    private static let templateNames = [
        "report-html", "table-html", "chart-html", "style-html", "report-md", "table-md",
    ]

    /// Loads the templates from the module bundle.
    public init() throws {
        // The content type must be known before the Markdown templates are parsed: the pragma is resolved then.
        MustacheContentTypes.register(MarkdownContentType(), named: MarkdownContentType.name)
        var library = MustacheLibrary()
        for name in Self.templateNames {
            guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Templates")
            else {
                throw ReportRendererError("template \(name).mustache is missing from the Report bundle")
            }
            do {
                try library.register(String(contentsOf: url, encoding: .utf8), named: name)
            } catch {
                throw ReportRendererError("template \(name).mustache does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// Renders `report` in `format` as UTF-8 bytes.
    public func render(_ report: LKIPReport, as format: ReportFormat) throws -> Data {
        switch format {
        case .html: return try Data(template("report-html", report).utf8)
        case .md: return try Data(template("report-md", report).utf8)
        case .csv: return Data(CSVWriter.write(ReportViewBuilder(report: report).build().tables).utf8)
        case .json: return try ReportJSON.encode(report)
        }
    }

    private func template(_ name: String, _ report: LKIPReport) throws -> String {
        let view = ReportViewBuilder(report: report).build()
        guard let text = library.render(view, withTemplate: name) else {
            throw ReportRendererError("template \(name) is not registered")
        }
        return text
    }
}

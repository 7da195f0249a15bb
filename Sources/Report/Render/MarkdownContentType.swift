import Mustache

/// Escapes input text for GitHub Markdown so that it can only ever be read as plain text: no table cell breaks
/// (`|`), no emphasis, code, links or headings, and no raw HTML.
///
/// Registered with swift-mustache as the `MARKDOWN` content type, so the Markdown templates escape every
/// `{{value}}` the way the HTML templates do.
struct MarkdownContentType: MustacheContentType {
    static let name = "MARKDOWN"

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            // Entities rather than backslashes: a literal "<script" then never appears in the file at all.
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "{", "}", "[", "]", "#", "|", "~", "!":
                out += "\\" + String(ch)
            // A line break would end the table row; inside a cell it is only a space.
            case "\r\n", "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}

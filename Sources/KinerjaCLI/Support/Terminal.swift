import Foundation
import Handlers
import ImportParsing
import JobQueue

/// Terminal output: colour only on a TTY (and not with NO_COLOR; CLICOLOR_FORCE=1 forces it, as for `ls`), errors
/// to stderr, data to stdout.
enum Terminal {
    static let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
    static let stderrIsTTY = isatty(STDERR_FILENO) == 1
    static let colour =
        (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        && (stdoutIsTTY || ProcessInfo.processInfo.environment["CLICOLOR_FORCE"] == "1")

    /// `message` may quote input (a job's error, a cell): its control characters are shown escaped.
    static func error(_ message: String) { stderr(message, prefix: "error:", colour: "31") }

    /// A warning on stderr; the command goes on.
    static func warning(_ message: String) { stderr(message, prefix: "warning:", colour: "33") }

    private static func stderr(_ message: String, prefix: String, colour: String) {
        let message = VisibleText.escaped(message, keepLineBreaks: true)
        let coloured = stderrIsTTY && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let text = (coloured ? "\u{1B}[\(colour)m\(prefix)\u{1B}[0m" : prefix) + " \(message)\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Green, yellow or red by how good a state is, on a TTY only.
    static func paint(_ text: String, _ tone: Tone) -> String {
        guard colour else { return text }
        let code =
            switch tone {
            case .good: "32"
            case .warn: "33"
            case .bad: "31"
            case .dim: "2"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    enum Tone { case good, warn, bad, dim }

    static func tone(forState state: JobState) -> Tone {
        switch state {
        case .completed: .good
        case .discarded, .cancelled: .bad
        case .retryable, .running: .warn
        case .available, .scheduled: .dim
        }
    }

    /// Prints rows as an aligned table with a header.
    /// Columns are as wide as their widest visible text: colour codes take no room on screen.
    static func table(_ header: [String], _ rows: [[String]]) {
        var widths = header.map(visibleWidth)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], visibleWidth(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - visibleWidth(c)) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        print(paint(line(header), .dim))
        for row in rows { print(line(row)) }
    }

    /// Characters on screen: the text without its colour codes (`ESC [ ... m`).
    static func visibleWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }

    /// Prints any Encodable as one JSON document (sorted keys, ISO 8601 dates).
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Western Indonesian Time with its zone (`2026-12-06 23:05:58 WIB`), as the report prints times; JSON output
    /// keeps UTC in ISO 8601.
    static func time(_ date: Date?) -> String {
        guard let date else { return "-" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Jakarta")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date) + " WIB"
    }
}

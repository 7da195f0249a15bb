import Foundation
import Handlers
import ImportParsing
import JobQueue

/// Terminal output: colour only on a TTY (and not with NO_COLOR), errors to stderr, data to stdout.
enum Terminal {
    static let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
    static let stderrIsTTY = isatty(STDERR_FILENO) == 1
    static let colour = stdoutIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    /// `message` may quote input (a job's error, a cell): its control characters are shown escaped.
    static func error(_ message: String) {
        let message = VisibleText.escaped(message, keepLineBreaks: true)
        let text =
            stderrIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            ? "\u{1B}[31merror:\u{1B}[0m \(message)\n" : "error: \(message)\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A warning on stderr; the command goes on.
    static func warning(_ message: String) {
        let message = VisibleText.escaped(message, keepLineBreaks: true)
        let text =
            stderrIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            ? "\u{1B}[33mwarning:\u{1B}[0m \(message)\n" : "warning: \(message)\n"
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
    static func table(_ header: [String], _ rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        print(paint(line(header), .dim))
        for row in rows { print(line(row)) }
    }

    /// Prints any Encodable as one JSON document (sorted keys, ISO 8601 dates).
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "-" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Jakarta")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date)
    }
}

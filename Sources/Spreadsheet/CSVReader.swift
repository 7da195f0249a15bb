import Foundation

/// Streams RFC 4180 CSV records from chunks: quoted fields may hold delimiters, line breaks and doubled quotes;
/// CRLF, LF and CR line ends; UTF-8 (with or without BOM) or Windows-1252 text; delimiter `,` `;` or tab.
final class CSVReader: RowReader {
    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    let displayName: String
    let delimiter: UInt8
    private let source: any ChunkSource
    private let maxCellBytes: Int
    private var decoder: CSVTextDecoder
    private var chunk: [UInt8]
    private var pos: Int
    /// Physical line number of the next unread byte.
    private var line = 1
    /// The previous line ended in CR, so an LF right after it is part of the same line end.
    private var skipLF = false
    private var field: [UInt8] = []
    private var done = false

    init(source: any ChunkSource, displayName: String, options: ReaderOptions) throws(SpreadsheetError) {
        self.source = source
        self.displayName = displayName
        self.maxCellBytes = options.maxCellBytes
        // Detection looks at the first chunk only, so the delimiter and encoding are known before any row.
        var first: [UInt8] = []
        while first.count < FileChunkSource.chunkSize, let more = try Self.read(source, displayName) {
            first.append(contentsOf: more)
        }
        let start = first.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        decoder = CSVTextDecoder(firstChunk: first[start...])
        delimiter = options.delimiter ?? Self.detectDelimiter(first[start...])
        chunk = first
        pos = start
    }

    func next() throws(SpreadsheetError) -> SheetRow? {
        guard !done else { return nil }
        var cells: [String] = []
        let rowLine = line
        var quoteLine = line
        var state = State.fieldStart
        field.removeAll(keepingCapacity: true)
        while true {
            if pos >= chunk.count {
                guard let more = try Self.read(source, displayName) else {
                    return try endOfFile(state: state, cells: cells, rowLine: rowLine, quoteLine: quoteLine)
                }
                chunk = Array(more)
                pos = 0
            }
            let byte = chunk[pos]
            pos += 1
            if skipLF {
                skipLF = false
                if byte == Self.lf {
                    if state == .quoted { try append(byte, row: rowLine, column: cells.count + 1) }
                    continue
                }
            }
            switch state {
            case .fieldStart:
                if byte == Self.quote {
                    state = .quoted
                    quoteLine = line
                    continue
                }
                state = .unquoted
                fallthrough
            case .unquoted:
                if byte == delimiter {
                    cells.append(takeField())
                    state = .fieldStart
                } else if byte == Self.lf || byte == Self.cr {
                    return endLine(byte, cells: &cells, rowLine: rowLine)
                } else {
                    try appendRun(from: pos - 1, quoted: false, row: rowLine, column: cells.count + 1)
                }
            case .quoted:
                if byte == Self.quote {
                    state = .quoteInQuoted
                } else {
                    if byte == Self.cr {
                        line += 1
                        skipLF = true
                    } else if byte == Self.lf {
                        line += 1
                    }
                    try appendRun(from: pos - 1, quoted: true, row: rowLine, column: cells.count + 1)
                }
            case .quoteInQuoted:
                if byte == Self.quote {
                    try append(byte, row: rowLine, column: cells.count + 1)
                    state = .quoted
                } else if byte == delimiter {
                    cells.append(takeField())
                    state = .fieldStart
                } else if byte == Self.lf || byte == Self.cr {
                    return endLine(byte, cells: &cells, rowLine: rowLine)
                } else {
                    let column = cells.count + 1
                    throw SpreadsheetError(
                        .malformedQuote, file: displayName, row: line, column: column,
                        text: takeField() + "\"" + decoder.decode([byte]),
                        message: "text after the closing quote of a quoted field "
                            + "(a quote inside a quoted field must be doubled: \"\")")
                }
            }
        }
    }

    private func endLine(_ byte: UInt8, cells: inout [String], rowLine: Int) -> SheetRow {
        line += 1
        skipLF = byte == Self.cr
        cells.append(takeField())
        return SheetRow(number: rowLine, cells: cells)
    }

    private func endOfFile(
        state: State, cells: [String], rowLine: Int,
        quoteLine: Int
    ) throws(SpreadsheetError) -> SheetRow? {
        done = true
        switch state {
        case .quoted:
            throw SpreadsheetError(
                .unterminatedQuote, file: displayName, row: quoteLine, column: cells.count + 1,
                text: takeField(),
                message: "quoted field is never closed: the quote opened here runs to the end "
                    + "of the file")
        case .fieldStart where cells.isEmpty:
            return nil
        default:
            return SheetRow(number: rowLine, cells: cells + [takeField()])
        }
    }

    private func takeField() -> String {
        defer { field.removeAll(keepingCapacity: true) }
        return decoder.decode(field[...])
    }

    private func append(_ byte: UInt8, row: Int, column: Int) throws(SpreadsheetError) {
        field.append(byte)
        try checkSize(row: row, column: column)
    }

    /// Appends the byte at `start` and the following plain bytes in one go; this is the hot loop.
    private func appendRun(from start: Int, quoted: Bool, row: Int, column: Int) throws(SpreadsheetError) {
        var end = pos
        let count = chunk.count
        if quoted {
            while end < count {
                let byte = chunk[end]
                if byte == Self.quote || byte == Self.cr || byte == Self.lf { break }
                end += 1
            }
        } else {
            while end < count {
                let byte = chunk[end]
                if byte == delimiter || byte == Self.cr || byte == Self.lf { break }
                end += 1
            }
        }
        field.append(contentsOf: chunk[start..<end])
        pos = end
        try checkSize(row: row, column: column)
    }

    private func checkSize(row: Int, column: Int) throws(SpreadsheetError) {
        guard field.count > maxCellBytes else { return }
        throw SpreadsheetError(
            .cellTooLarge, file: displayName, row: row, column: column,
            text: decoder.decode(field.prefix(200)),
            message: "cell is larger than \(maxCellBytes) bytes (often a quote that is never "
                + "closed)")
    }

    private static func read(_ source: any ChunkSource, _ name: String) throws(SpreadsheetError) -> Data? {
        do {
            return try source.nextChunk()
        } catch {
            throw SpreadsheetError(.unreadable, file: name, message: "cannot read the file: \(error)")
        }
    }

    /// Picks the candidate whose count outside quotes is the same on the most lines (ties: more per line),
    /// so title lines without delimiters and decimal commas in `;` files do not mislead it.
    static func detectDelimiter(_ bytes: ArraySlice<UInt8>) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        var perLine: [[Int]] = []
        var current = [0, 0, 0]
        var inQuotes = false
        var hasContent = false
        for byte in bytes {
            if byte == quote {
                inQuotes.toggle()
            } else if inQuotes {
                continue
            } else if byte == lf || byte == cr {
                if hasContent { perLine.append(current) }
                current = [0, 0, 0]
                hasContent = false
                if perLine.count == 30 { break }
            } else {
                hasContent = true
                if let index = candidates.firstIndex(of: byte) { current[index] += 1 }
            }
        }
        if hasContent && perLine.isEmpty { perLine.append(current) }
        var best = (delimiter: candidates[0], lines: 0, perLine: 0)
        for (index, candidate) in candidates.enumerated() {
            let counts = perLine.map { $0[index] }.filter { $0 > 0 }
            let frequency = Dictionary(counts.map { ($0, 1) }, uniquingKeysWith: +)
            guard let mode = frequency.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            if (mode.value, mode.key) > (best.lines, best.perLine) {
                best = (candidate, mode.value, mode.key)
            }
        }
        return best.delimiter
    }
}

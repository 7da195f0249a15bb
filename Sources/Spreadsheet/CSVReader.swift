import Foundation

/// Streams RFC 4180 CSV records from chunks: quoted fields may hold delimiters, line breaks and doubled quotes;
/// CRLF, LF and CR line ends; UTF-8 (with or without BOM) or Windows-1252 text; delimiter `,` `;` or tab.
final class CSVReader: RawRowReader {
    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    let displayName: String
    let delimiter: UInt8
    private let source: any ChunkSource
    let maxCellBytes: Int
    let maxCellsPerRow: Int
    let maxRowBytes: Int
    private var decoder: CSVTextDecoder
    private(set) var chunk: [UInt8]
    var pos: Int
    /// Physical line number of the next unread byte.
    var line = 1
    /// The previous line ended in CR, so an LF right after it is part of the same line end.
    private var skipLF = false
    private var done = false
    /// The record `next()` reads into, reused so its buffers are allocated once.
    private var scratch = RawRow()

    init(source: any ChunkSource, displayName: String, options: ReaderOptions) throws(SpreadsheetError) {
        self.source = source
        self.displayName = displayName
        self.maxCellBytes = options.maxCellBytes
        self.maxCellsPerRow = options.maxCellsPerRow
        self.maxRowBytes = options.maxRowBytes
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
        var row = scratch
        scratch = RawRow()  // `row` now holds the only reference, so filling it does not copy the buffers
        defer { scratch = row }
        guard try nextRaw(&row) else { return nil }
        return SheetRow(number: row.number, cells: cells(of: row))
    }

    func cells(of row: RawRow) -> [String] {
        (0..<row.count).map { decoder.decode(row.bytes[row.range($0)]) }
    }

    func nextRaw(_ row: inout RawRow) throws(SpreadsheetError) -> Bool {
        guard !done else { return false }
        row.reset(number: line)
        if !skipLF {
            if plainRecord(into: &row) { return true }
            row.reset(number: line)
        }
        var quoteLine = line
        var state = State.fieldStart
        while true {
            if pos >= chunk.count {
                guard let more = try Self.read(source, displayName) else {
                    return try endOfFile(state: state, row: &row, quoteLine: quoteLine)
                }
                chunk = Array(more)
                pos = 0
            }
            let byte = chunk[pos]
            pos += 1
            if skipLF {
                skipLF = false
                if byte == Self.lf {
                    if state == .quoted { try append(byte, to: &row) }
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
                    try endCell(&row)
                    state = .fieldStart
                } else if byte == Self.lf || byte == Self.cr {
                    endLine(byte, row: &row)
                    return true
                } else {
                    try appendRun(from: pos - 1, quoted: false, to: &row)
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
                    try appendRun(from: pos - 1, quoted: true, to: &row)
                }
            case .quoteInQuoted:
                if byte == Self.quote {
                    try append(byte, to: &row)
                    state = .quoted
                } else if byte == delimiter {
                    try endCell(&row)
                    state = .fieldStart
                } else if byte == Self.lf || byte == Self.cr {
                    endLine(byte, row: &row)
                    return true
                } else {
                    throw SpreadsheetError(
                        .malformedQuote, file: displayName, row: line, column: row.count + 1,
                        text: openCell(row) + "\"" + decoder.decode([byte]),
                        message: "ada teks setelah tanda kutip penutup sel berkutip "
                            + "(tanda kutip di dalam sel berkutip harus ditulis dua kali: \"\")")
                }
            }
        }
    }

    private func endLine(_ byte: UInt8, row: inout RawRow) {
        line += 1
        skipLF = byte == Self.cr
        row.endCell()
    }

    private func endOfFile(state: State, row: inout RawRow, quoteLine: Int) throws(SpreadsheetError) -> Bool {
        done = true
        switch state {
        case .quoted:
            throw SpreadsheetError(
                .unterminatedQuote, file: displayName, row: quoteLine, column: row.count + 1,
                text: openCell(row),
                message: "sel berkutip tidak pernah ditutup: tanda kutip yang dibuka di sini berlanjut sampai "
                    + "akhir berkas")
        case .fieldStart where row.count == 0:
            return false
        default:
            row.endCell()
            return true
        }
    }

    /// The text of the cell being read (not yet ended).
    private func openCell(_ row: RawRow) -> String {
        decoder.decode(row.bytes[(row.ends.last ?? 0)...])
    }

    private func append(_ byte: UInt8, to row: inout RawRow) throws(SpreadsheetError) {
        row.bytes.append(byte)
        if byte >= 0x80 { row.hasNonASCII = true }
        try checkSize(row)
    }

    /// Appends the byte at `start` and the following plain bytes in one go; this is the hot loop. It looks at
    /// eight bytes at a time for a stop byte (the delimiter or quote, CR, LF), which halved its cost on big exports.
    private func appendRun(from start: Int, quoted: Bool, to row: inout RawRow) throws(SpreadsheetError) {
        let stop = quoted ? Self.quote : self.delimiter
        var high: UInt64 = UInt64(chunk[start])
        let end = chunk.withUnsafeBufferPointer { bytes in
            var end = pos
            let base = UnsafeRawPointer(bytes.baseAddress!)
            while end + 8 <= bytes.count {
                let word = (base + end).loadUnaligned(as: UInt64.self)
                let hits = Self.matches(word, stop) | Self.matches(word, Self.cr) | Self.matches(word, Self.lf)
                if hits != 0 {
                    let index = hits.trailingZeroBitCount / 8
                    if index > 0 { high |= word & (UInt64.max >> (64 - 8 * index)) }
                    end += index
                    return end
                }
                high |= word
                end += 8
            }
            while end < bytes.count {
                let byte = bytes[end]
                if byte == stop || byte == Self.cr || byte == Self.lf { break }
                high |= UInt64(byte)
                end += 1
            }
            return end
        }
        chunk.withUnsafeBufferPointer { row.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
        if high & 0x8080_8080_8080_8080 != 0 { row.hasNonASCII = true }
        pos = end
        try checkSize(row)
    }

    /// Ends a cell at a delimiter; a row may not have more than `maxCellsPerRow` cells.
    private func endCell(_ row: inout RawRow) throws(SpreadsheetError) {
        row.endCell()
        guard row.count >= maxCellsPerRow else { return }
        throw SpreadsheetError(
            .tooLarge, file: displayName, row: row.number,
            message: "baris berisi lebih dari \(maxCellsPerRow) sel (batas lembar kerja); berkas rusak atau bukan "
                + "ekspor anggaran")
    }

    private func checkSize(_ row: RawRow) throws(SpreadsheetError) {
        if row.bytes.count > maxRowBytes {
            throw SpreadsheetError(
                .tooLarge, file: displayName, row: row.number,
                message: "baris lebih besar dari \(maxRowBytes) bita; berkas rusak atau bukan ekspor anggaran")
        }
        let start = row.ends.last ?? 0
        guard row.bytes.count - start > maxCellBytes else { return }
        throw SpreadsheetError(
            .cellTooLarge, file: displayName, row: row.number, column: row.count + 1,
            text: decoder.decode(row.bytes[start..<min(start + 200, row.bytes.count)]),
            message: "sel lebih besar dari \(maxCellBytes) bita (sering karena tanda kutip yang tidak "
                + "ditutup)")
    }

    private static func read(_ source: any ChunkSource, _ name: String) throws(SpreadsheetError) -> Data? {
        do {
            return try source.nextChunk()
        } catch {
            throw SpreadsheetError(.unreadable, file: name, message: "berkas tidak dapat dibaca: \(error)")
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

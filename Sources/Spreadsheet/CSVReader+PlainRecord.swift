import Foundation

extension CSVReader {
    /// Reads the next record in one go when it lies whole in the current chunk and is plain: cells unquoted, or
    /// quoted without doubled quotes or line breaks inside, and no cell over the size limit. Copies the record once and notes where its cells are;
    /// cell by cell through the state machine cost a fifth of a budget import. False otherwise, with nothing
    /// consumed (the caller resets `row`).
    func plainRecord(into row: inout RawRow) -> Bool {
        let delimiter = self.delimiter
        return chunk.withUnsafeBufferPointer { bytes -> Bool in
            let count = bytes.count
            let base = UnsafeRawPointer(bytes.baseAddress!)
            let first = pos
            var i = pos
            while true {
                guard i < count else { return false }
                var stop: UInt8
                if bytes[i] == Self.quote {
                    var close = i + 1
                    while close < count && bytes[close] != Self.quote {
                        if bytes[close] == Self.lf || bytes[close] == Self.cr { return false }
                        close += 1
                    }
                    // A doubled quote, or a cell over the size limit (whose error the state machine reports).
                    guard close + 1 < count, bytes[close + 1] != Self.quote, close - i - 1 <= maxCellBytes else {
                        return false
                    }
                    row.starts.append(i + 1 - first)
                    row.ends.append(close - first)
                    i = close + 1
                    stop = bytes[i]
                    guard stop == delimiter || stop == Self.lf || stop == Self.cr else { return false }
                } else {
                    let start = i
                    while i + 8 <= count {
                        let word = (base + i).loadUnaligned(as: UInt64.self)
                        let hits =
                            Self.matches(word, delimiter) | Self.matches(word, Self.lf)
                            | Self.matches(word, Self.cr) | Self.matches(word, Self.quote)
                        if hits != 0 {
                            i += hits.trailingZeroBitCount / 8
                            break
                        }
                        i += 8
                    }
                    while i < count, bytes[i] != delimiter, bytes[i] != Self.lf, bytes[i] != Self.cr,
                        bytes[i] != Self.quote
                    {
                        i += 1
                    }
                    guard i < count, bytes[i] != Self.quote, i - start <= maxCellBytes else { return false }
                    row.starts.append(start - first)
                    row.ends.append(i - first)
                    stop = bytes[i]
                }
                if stop == delimiter {
                    // Past the limit the state machine reports it.
                    if row.ends.count >= maxCellsPerRow { return false }
                    i += 1
                    continue
                }
                // Past the row's byte limit the state machine reports it.
                if i - first > maxRowBytes { return false }
                // The line end: LF, CRLF or a lone CR, whose next byte must be in this chunk to tell.
                var next = i + 1
                if stop == Self.cr {
                    guard next < count else { return false }
                    if bytes[next] == Self.lf { next += 1 }
                }
                row.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[first..<i]))
                var high: UInt64 = 0
                var k = first
                while k + 8 <= i {
                    high |= (base + k).loadUnaligned(as: UInt64.self)
                    k += 8
                }
                while k < i {
                    high |= UInt64(bytes[k])
                    k += 1
                }
                if high & 0x8080_8080_8080_8080 != 0 { row.hasNonASCII = true }
                pos = next
                line += 1
                return true
            }
        }
    }

    /// The high bit of each byte of `word` that equals `byte` (the lowest one exact; higher ones may be spurious).
    @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }
}

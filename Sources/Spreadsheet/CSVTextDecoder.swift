/// Turns CSV cell bytes into Strings: UTF-8 when the bytes are valid UTF-8, else Windows-1252.
///
/// The choice is made per file from the first chunk; if a later cell turns out not to be UTF-8, the file is
/// taken to be Windows-1252 from that cell on (older cells were plain ASCII or valid UTF-8 and decoded right).
struct CSVTextDecoder {
    enum Encoding { case utf8, windows1252 }

    private(set) var encoding: Encoding

    /// Decides the encoding from the start of the file, which has had any UTF-8 BOM removed.
    init(firstChunk: ArraySlice<UInt8>) {
        encoding = Self.isUTF8Prefix(firstChunk) ? .utf8 : .windows1252
    }

    mutating func decode(_ bytes: ArraySlice<UInt8>) -> String {
        if encoding == .utf8 {
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            encoding = .windows1252
        }
        return Self.windows1252(bytes)
    }

    /// Valid UTF-8, allowing a multi-byte sequence cut off by the chunk end. If the file really ends in such a
    /// cut sequence, that last cell fails to decode as UTF-8 and switches the file to Windows-1252.
    static func isUTF8Prefix(_ bytes: ArraySlice<UInt8>) -> Bool {
        if String(validating: bytes, as: UTF8.self) != nil { return true }
        // Drop a possibly truncated trailing sequence: at most 3 bytes after the last lead byte.
        var cut = bytes.endIndex
        while cut > bytes.startIndex && bytes.endIndex - cut < 3 && bytes[cut - 1] & 0xC0 == 0x80 { cut -= 1 }
        if cut > bytes.startIndex && bytes[cut - 1] >= 0xC0 { cut -= 1 }
        return String(validating: bytes[..<cut], as: UTF8.self) != nil
    }

    static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            let value = byte >= 0x80 && byte <= 0x9F ? high[Int(byte - 0x80)] : UInt32(byte)
            scalars.append(UnicodeScalar(value)!)
        }
        return String(scalars)
    }

    /// Code points for bytes 0x80–0x9F; the five undefined bytes map to the C1 control of the same value,
    /// as browsers do (WHATWG Encoding Standard). 0xA0–0xFF equal their Latin-1 code points.
    private static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}

/// Converts between spreadsheet column letters and 1-based column numbers.
public enum CellReference {
    /// 1 → "A", 27 → "AA".
    public static func letters(_ column: Int) -> String {
        var n = column
        var out: [Character] = []
        while n > 0 {
            let rem = (n - 1) % 26
            out.append(Character(UnicodeScalar(UInt8(65 + rem))))
            n = (n - 1) / 26
        }
        return String(out.reversed())
    }

    /// Column number of a reference like `C7` (3), or nil if it does not start with letters.
    static func column<C: Collection<UInt8>>(ofReference ref: C) -> Int? {
        var column = 0
        var sawLetter = false
        for byte in ref {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): column = column * 26 + Int(byte - 64)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): column = column * 26 + Int(byte - 96)
            default:
                return sawLetter ? column : nil
            }
            sawLetter = true
            // XLSX allows 16384 columns (XFD); anything far beyond is a corrupt reference, not a huge row.
            if column > 16_384 { return nil }
        }
        return sawLetter ? column : nil
    }
}

/// Undoes the `_xHHHH_` escapes Office writes into string XML for characters XML cannot hold (e.g. `_x000D_`).
enum OOXMLEscape {
    static func unescape(_ text: String) -> String {
        // A byte check first: nearly all strings have no escape, and this runs for every string cell.
        guard text.utf8.contains(UInt8(ascii: "_")), text.contains("_x") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "_x") {
            let hex = rest[start.upperBound...].prefix(5)
            if hex.count == 5, hex.last == "_", let value = UInt32(hex.dropLast(), radix: 16),
                let scalar = UnicodeScalar(value)
            {
                out += rest[..<start.lowerBound] + String(Character(scalar))
                rest = rest[hex.endIndex...]
            } else {
                out += rest[..<start.upperBound]
                rest = rest[start.upperBound...]
            }
        }
        return out + rest
    }
}

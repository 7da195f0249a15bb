import Foundation

/// A Swift type that can be read from PostgreSQL's text form of a column.
public protocol PostgresDecodable {
    /// `bytes` is the column's text form (not NUL-terminated beyond `count`).
    init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError)
}

extension PostgresDecodable {
    static func failure(_ bytes: UnsafeBufferPointer<UInt8>) -> PostgresError {
        PostgresError(kind: .decoding, message: "cannot read a column as \(Self.self)", operation: "decode")
    }
}

extension String: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) { self = String(decoding: bytes, as: UTF8.self) }
}

extension Int: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        guard let value = PostgresInteger.parse(bytes) else { throw Self.failure(bytes) }
        self = Int(value)
    }
}

extension Int64: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        guard let value = PostgresInteger.parse(bytes) else { throw Self.failure(bytes) }
        self = value
    }
}

extension Int32: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        guard let value = PostgresInteger.parse(bytes), let narrow = Int32(exactly: value) else {
            throw Self.failure(bytes)
        }
        self = narrow
    }
}

extension Bool: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        guard bytes.count == 1, bytes[0] == UInt8(ascii: "t") || bytes[0] == UInt8(ascii: "f") else {
            throw Self.failure(bytes)
        }
        self = bytes[0] == UInt8(ascii: "t")
    }
}

extension Double: PostgresDecodable {
    /// For measurements only; money is read as `Decimal`.
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        guard let value = Double(String(decoding: bytes, as: UTF8.self)) else { throw Self.failure(bytes) }
        self = value
    }
}

extension Decimal: PostgresDecodable {
    /// `numeric` read exactly from its text form, never through `Double`.
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
            PostgresText.decimal(value) == PostgresNumeric.canonical(text)
        else {
            throw PostgresError(
                kind: .decoding, message: "numeric value does not fit Decimal exactly", operation: "decode")
        }
        self = value
    }
}

extension Date: PostgresDecodable {
    /// timestamptz in ISO style (the connection sets DateStyle ISO and TimeZone UTC).
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        guard let value = PostgresTimestamp.parse(bytes) else { throw Self.failure(bytes) }
        self = value
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        guard let value = UUID(uuidString: String(decoding: bytes, as: UTF8.self)) else { throw Self.failure(bytes) }
        self = value
    }
}

extension Data: PostgresDecodable {
    /// bytea in hex form (`\x0a1b`).
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"),
            bytes.count % 2 == 0
        else { throw Self.failure(bytes) }
        // Decoded into a byte array first: appending to `Data` one byte at a time was a fifth of an import's time.
        var out = [UInt8](repeating: 0, count: (bytes.count - 2) / 2)
        var failed = false
        out.withUnsafeMutableBufferPointer { dest in
            var i = 2
            var j = 0
            while i < bytes.count {
                guard let hi = PostgresHex.value(bytes[i]), let lo = PostgresHex.value(bytes[i + 1]) else {
                    failed = true
                    return
                }
                dest[j] = hi << 4 | lo
                i += 2
                j += 1
            }
        }
        if failed { throw Self.failure(bytes) }
        self = Data(out)
    }
}

extension JSONText: PostgresDecodable {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        self.init(String(decoding: bytes, as: UTF8.self))
    }
}

enum PostgresInteger {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        guard i < bytes.count else { return nil }
        var value: Int64 = 0
        while i < bytes.count {
            let d = bytes[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            value = s
            i += 1
        }
        return value
    }
}

enum PostgresHex {
    static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

enum PostgresNumeric {
    /// The text `Decimal` would print for the same value: no trailing fraction zeros, no `-0`.
    static func canonical(_ text: String) -> String {
        var t = text
        if t.contains(".") {
            while t.hasSuffix("0") { t.removeLast() }
            if t.hasSuffix(".") { t.removeLast() }
        }
        if t == "-0" { t = "0" }
        return t
    }
}

enum PostgresTimestamp {
    /// Reads `2026-11-29 03:14:02.123456+00` (also `+05:30` offsets and no fraction).
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let year = num(0, 4), let month = num(5, 2), let day = num(8, 2), let hour = num(11, 2),
            let minute = num(14, 2), let second = num(17, 2)
        else { return nil }
        var i = 19
        var micros = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.count, let d = num(i, 1) {
                if digits < 6 { micros = micros * 10 + d }
                digits += 1
                i += 1
            }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        var offset = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = num(i + 1, 2) else { return nil }
            var om = 0
            if i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let m = num(i + 4, 2) { om = m }
            offset = sign * (oh * 3600 + om * 60)
        }
        var tm = tm()
        tm.tm_year = Int32(year - 1900)
        tm.tm_mon = Int32(month - 1)
        tm.tm_mday = Int32(day)
        tm.tm_hour = Int32(hour)
        tm.tm_min = Int32(minute)
        tm.tm_sec = Int32(second)
        let epoch = timegm(&tm)
        return Date(timeIntervalSince1970: Double(epoch - offset) + Double(micros) / 1_000_000)
    }
}

/// A text enum (a column with `CHECK (x IN (...))`) read by its raw value; a value the type does not know fails.
extension PostgresDecodable where Self: RawRepresentable, RawValue == String {
    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) throws(PostgresError) {
        guard let value = Self(rawValue: String(decoding: bytes, as: UTF8.self)) else { throw Self.failure(bytes) }
        self = value
    }
}

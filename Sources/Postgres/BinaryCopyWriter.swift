/// Writes rows in COPY's binary format (`FORMAT binary`): each field as its length and the bytes the server stores,
/// big-endian. Sends in large chunks like `CopyWriter`; `finish` writes the trailer. Each row starts with
/// `beginRow(fields:)` and has exactly that many fields, in the table's column order and types.
public struct BinaryCopyWriter: ~Copyable {
    private let sender: CopySender
    /// The chunk being filled, written through a pointer: appending each field to an array checked the array's
    /// uniqueness and capacity per call, a sixth of a budget import's writing thread.
    private var storage: UnsafeMutableRawBufferPointer
    private var count = 0
    private static let chunk = 256 * 1024

    init(sender: CopySender) {
        self.sender = sender
        storage = .allocate(byteCount: Self.chunk + 4096, alignment: 8)
        // "PGCOPY\n\377\r\n\0", then flags and the header extension's length, both 0.
        append([0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00])
        append32(0)
        append32(0)
    }

    deinit { storage.deallocate() }

    /// Where the next byte goes; with `withBytes(since:)` a caller can digest part of a row before `endRow`.
    public var position: Int { count }

    /// The bytes appended since `position` was `start`, valid only before `endRow` (which may send them).
    public func withBytes<R>(since start: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[start..<count]))
    }

    public mutating func beginRow(fields: Int) {
        append16(UInt16(fields))
    }

    /// A `bigint` field.
    public mutating func int64(_ value: Int64) {
        append32(8)
        appendBigEndian(UInt64(bitPattern: value))
    }

    /// An `integer` field.
    public mutating func int32(_ value: Int32) {
        append32(4)
        append32(UInt32(bitPattern: value))
    }

    /// A `boolean` field.
    public mutating func bool(_ value: Bool) {
        append32(1)
        appendBigEndian(UInt8(value ? 1 : 0))
    }

    /// A `text` field: its UTF-8 bytes as they are (no escaping in this format).
    public mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            append32(UInt32(bytes.count))
            append(UnsafeRawBufferPointer(bytes))
        }
    }

    public mutating func null() {
        append32(UInt32.max)  // -1
    }

    /// A `numeric` field of `value` hundredths (money in sen) with scale 2: base-10000 digit groups around the
    /// decimal point, as `numeric_send` writes them. More than 20 integer digits throws (no column here holds them).
    public mutating func numeric(hundredths value: Int128) throws(PostgresError) {
        let magnitude = value.magnitude
        // Integer groups, least significant first; five hold 20 digits.
        var groups: (UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0)
        let fraction: UInt16
        let count: Int
        // Money fits 64 bits: dividing by constants there is a multiply, where 128 bits called a division routine
        // per digit group (a tenth of writing a budget line).
        if let small = UInt64(exactly: magnitude) {
            fraction = UInt16(small % 100) * 100
            count = Self.fill(&groups, from: small / 100)
        } else {
            fraction = UInt16(magnitude % 100) * 100
            count = Self.fill(&groups, from: magnitude / 100)
        }
        guard count >= 0 else {
            throw PostgresError(kind: .usage, message: "numeric value over 20 integer digits", operation: "copy")
        }
        let digits = count + (fraction == 0 ? 0 : 1)
        append32(UInt32(8 + 2 * digits))
        append16(UInt16(digits))
        // The weight of the first group: count − 1 for an integer part, −1 for a fraction alone, 0 for zero.
        append16(UInt16(bitPattern: Int16(count > 0 ? count - 1 : (fraction == 0 ? 0 : -1))))
        append16(value < 0 ? 0x4000 : 0x0000)
        append16(2)
        withUnsafeBytes(of: &groups) { raw in
            let slots = raw.bindMemory(to: UInt16.self)
            for i in stride(from: count - 1, through: 0, by: -1) { append16(slots[i]) }
        }
        if fraction != 0 { append16(fraction) }
    }

    /// Writes `whole`'s base-10000 groups, least significant first, and returns how many; -1 when five do not hold it.
    private static func fill<Whole: FixedWidthInteger & UnsignedInteger>(
        _ groups: inout (UInt16, UInt16, UInt16, UInt16, UInt16), from whole: Whole
    ) -> Int {
        var whole = whole
        var count = 0
        withUnsafeMutableBytes(of: &groups) { raw in
            let slots = raw.bindMemory(to: UInt16.self)
            while whole > 0 && count < slots.count {
                slots[count] = UInt16(whole % 10_000)
                whole /= 10_000
                count += 1
            }
        }
        return whole == 0 ? count : -1
    }

    /// Ends the row; sends the buffer when it is full.
    public mutating func endRow() throws(PostgresError) {
        if count >= Self.chunk { try flush() }
    }

    mutating func finish() throws(PostgresError) {
        append16(UInt16.max)  // -1: no more rows
        try flush()
    }

    private mutating func flush() throws(PostgresError) {
        guard count > 0 else { return }
        try sender.send(Array(UnsafeRawBufferPointer(rebasing: storage[..<count])))
        count = 0
    }

    private mutating func append16(_ value: UInt16) { appendBigEndian(value) }

    private mutating func append32(_ value: UInt32) { appendBigEndian(value) }

    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        storage.storeBytes(of: value.bigEndian, toByteOffset: count, as: T.self)
        count += MemoryLayout<T>.size
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        UnsafeMutableRawBufferPointer(rebasing: storage[count...]).copyMemory(from: bytes)
        count += bytes.count
    }

    private mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Room for `bytes` more: a row longer than the slack after a full chunk (a long text) grows the chunk.
    @inline(__always)
    private mutating func reserve(_ bytes: Int) {
        if count + bytes > storage.count { grow(to: count + bytes) }
    }

    private mutating func grow(to bytes: Int) {
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(storage.count * 2, bytes), alignment: 8)
        larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[..<count]))
        storage.deallocate()
        storage = larger
    }
}

import CLibPQ

extension Connection {
    /// Streams rows into `COPY ... FROM STDIN` (text format) and returns the number of rows the server took.
    ///
    /// `statement` is a COPY statement the program wrote (no parameters can be bound to COPY). If `body` throws,
    /// the COPY is aborted, nothing is stored, and the error is rethrown.
    @discardableResult
    public func copyIn(_ statement: SQL, _ body: (inout CopyWriter) throws -> Void) throws -> Int {
        try runCopy(statement) { sender in
            var writer = CopyWriter(sender: sender)
            try body(&writer)
            try writer.flush()
        }
    }

    /// The same for `COPY ... FROM STDIN (FORMAT binary)`: fields go as the server stores them, so it parses no
    /// text (on a budget import, a quarter of the server's time was `numeric` and integer input).
    @discardableResult
    public func copyInBinary(_ statement: SQL, _ body: (inout BinaryCopyWriter) throws -> Void) throws -> Int {
        try runCopy(statement) { sender in
            var writer = BinaryCopyWriter(sender: sender)
            try body(&writer)
            try writer.finish()
        }
    }

    /// Starts the COPY, lets `write` send its data through a `CopySender`, and ends it: aborted if `write` throws.
    private func runCopy(_ statement: SQL, _ write: (CopySender) throws -> Void) throws -> Int {
        let start = PQexec(handle, statement.text)
        let started = try check(start, operation: "copy")
        guard PQresultStatus(started.handle) == PGRES_COPY_IN else {
            throw PostgresError(kind: .usage, message: "not a COPY FROM STDIN statement", operation: "copy")
        }
        let sender = CopySender(connection: self)
        do {
            try write(sender)
            try sender.finish()
        } catch {
            _ = try? sender.finish()
            PQputCopyEnd(handle, "aborted by the client")
            _ = try? finishCopy()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw lastError(operation: "copy") }
        return try finishCopy()
    }

    private func finishCopy() throws(PostgresError) -> Int {
        var rows = 0
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                rows = Int(String(cString: PQcmdTuples(result))) ?? 0
            } else if failure == nil {
                failure = Self.error(from: result, connection: handle, operation: "copy")
            }
            PQclear(result)
        }
        if let failure { throw failure }
        return rows
    }

    func putCopyData(_ bytes: [UInt8]) throws(PostgresError) {
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                PQputCopyData(handle, $0, Int32(buffer.count))
            }
        }
        guard status == 1 else { throw lastError(operation: "copy") }
    }
}

/// Writes rows in COPY's text format, escaping as the server expects, and sends them in large chunks.
public struct CopyWriter: ~Copyable {
    private let sender: CopySender
    private var buffer: [UInt8] = []
    private var rowStarted = false
    private static let chunk = 256 * 1024

    init(sender: CopySender) {
        self.sender = sender
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    /// Appends one row; nil is NULL.
    public mutating func write(_ fields: [String?]) throws(PostgresError) {
        for field in fields {
            if let field { self.field(field) } else { null() }
        }
        try endRow()
    }

    /// Appends a text field to the current row.
    public mutating func field(_ text: String) {
        var text = text
        text.withUTF8 { field(bytes: $0) }
    }

    /// Appends a field given as UTF-8 bytes to the current row, escaping tab, line breaks and backslash.
    public mutating func field(bytes: UnsafeBufferPointer<UInt8>) {
        separate()
        var plain = bytes.startIndex
        for i in bytes.indices {
            let byte = bytes[i]
            // Only these four need escaping; everything else, UTF-8 included, is copied as it is.
            guard byte == 0x5C || (byte <= 0x0D && (byte == 0x09 || byte == 0x0A || byte == 0x0D)) else { continue }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<i]))
            buffer.append(0x5C)
            buffer.append(
                byte == 0x5C
                    ? 0x5C : byte == 0x09 ? UInt8(ascii: "t") : byte == 0x0A ? UInt8(ascii: "n") : UInt8(ascii: "r"))
            plain = i + 1
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
    }

    /// Appends a field the caller knows needs no escaping (digits, `t`/`f`, a fixed keyword). Takes an array,
    /// not any sequence: the generic append went byte by byte and was a tenth of a budget import's time.
    public mutating func plainField(_ bytes: [UInt8]) {
        separate()
        buffer.append(contentsOf: bytes)
    }

    /// Appends an integer field.
    public mutating func field(_ value: Int) {
        separate()
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude)
    }

    /// Appends a decimal field given as a scaled integer: `field(scaled: 12345, fractionDigits: 2)` is `123.45`.
    /// For money in sen without making a string per value.
    public mutating func field(scaled value: Int64, fractionDigits: Int) {
        separate()
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var divisor: UInt64 = 1
        for _ in 0..<fractionDigits { divisor *= 10 }
        appendDigits(UInt(value.magnitude / divisor))
        guard fractionDigits > 0 else { return }
        buffer.append(UInt8(ascii: "."))
        var fraction = value.magnitude % divisor
        for _ in 0..<fractionDigits {
            divisor /= 10
            buffer.append(UInt8(fraction / divisor) + 0x30)
            fraction %= divisor
        }
    }

    private mutating func appendDigits(_ value: UInt) {
        // Into a fixed buffer from the right, then one append.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { scratch in
            var value = value
            var start = scratch.count
            repeat {
                start -= 1
                scratch[start] = UInt8(value % 10) + 0x30
                value /= 10
            } while value > 0
            buffer.append(contentsOf: scratch[start...])
        }
    }

    /// Appends a one-byte field that needs no escaping (`t`, `f`).
    public mutating func plainField(byte: UInt8) {
        separate()
        buffer.append(byte)
    }

    /// Appends NULL to the current row.
    public mutating func null() {
        separate()
        buffer.append(0x5C)
        buffer.append(UInt8(ascii: "N"))
    }

    /// Ends the current row; sends the buffer when it is full.
    public mutating func endRow() throws(PostgresError) {
        buffer.append(0x0A)
        rowStarted = false
        if buffer.count >= Self.chunk { try flush() }
    }

    private mutating func separate() {
        if rowStarted { buffer.append(0x09) }
        rowStarted = true
    }

    mutating func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        // The full buffer goes to the sender thread; the next rows go into a new one.
        try sender.send(buffer)
        buffer = []
        buffer.reserveCapacity(Self.chunk + 4096)
    }
}

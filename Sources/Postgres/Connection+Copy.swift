import CLibPQ

extension Connection {
    /// Streams rows into `COPY ... FROM STDIN` (text format) and returns the number of rows the server took.
    ///
    /// `statement` is a COPY statement the program wrote (no parameters can be bound to COPY). If `body` throws,
    /// the COPY is aborted, nothing is stored, and the error is rethrown.
    @discardableResult
    public func copyIn(_ statement: SQL, _ body: (inout CopyWriter) throws -> Void) throws -> Int {
        let start = PQexec(handle, statement.text)
        let started = try check(start, operation: "copy")
        guard PQresultStatus(started.handle) == PGRES_COPY_IN else {
            throw PostgresError(kind: .usage, message: "not a COPY FROM STDIN statement", operation: "copy")
        }
        var writer = CopyWriter(connection: self)
        do {
            try body(&writer)
            try writer.flush()
        } catch {
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
    private let connection: Connection
    private var buffer: [UInt8] = []
    private static let chunk = 256 * 1024

    init(connection: Connection) {
        self.connection = connection
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    /// Appends one row; nil is NULL.
    public mutating func write(_ fields: [String?]) throws(PostgresError) {
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.append(0x09) }
            guard let field else {
                buffer.append(0x5C)
                buffer.append(UInt8(ascii: "N"))
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case 0x5C:
                    buffer.append(0x5C)
                    buffer.append(0x5C)
                case 0x09:
                    buffer.append(0x5C)
                    buffer.append(UInt8(ascii: "t"))
                case 0x0A:
                    buffer.append(0x5C)
                    buffer.append(UInt8(ascii: "n"))
                case 0x0D:
                    buffer.append(0x5C)
                    buffer.append(UInt8(ascii: "r"))
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(0x0A)
        if buffer.count >= Self.chunk { try flush() }
    }

    mutating func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        try connection.putCopyData(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

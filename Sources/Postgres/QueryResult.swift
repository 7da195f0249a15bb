import CLibPQ

/// The rows of one statement. Values are read straight from libpq's result buffer when decoded.
///
/// Not `Sendable`: it belongs to the thread that ran the query.
public final class QueryResult {
    let handle: OpaquePointer
    /// Column names in order.
    public let columns: [String]
    /// Number of rows.
    public let count: Int

    init(handle: OpaquePointer) {
        self.handle = handle
        count = Int(PQntuples(handle))
        columns = (0..<PQnfields(handle)).map { PQfname(handle, $0).map { String(cString: $0) } ?? "" }
    }

    deinit { PQclear(handle) }

    /// Rows affected by an INSERT, UPDATE, DELETE or COPY (0 when the command reports none).
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// The rows, in order.
    public var rows: [Row] { (0..<count).map { Row(result: self, index: Int32($0)) } }

    /// The only row, or nil when there is none.
    public var first: Row? { count > 0 ? Row(result: self, index: 0) : nil }

    func columnIndex(_ name: String) throws(PostgresError) -> Int32 {
        let index = PQfnumber(handle, name)
        guard index >= 0 else {
            throw PostgresError(kind: .usage, message: "no column named \(name)", operation: "decode")
        }
        return index
    }
}

/// One row of a `QueryResult`.
public struct Row {
    let result: QueryResult
    let index: Int32

    /// True when the column is NULL.
    public func isNull(_ column: Int) -> Bool { PQgetisnull(result.handle, index, Int32(column)) == 1 }

    /// Decodes a non-NULL column; NULL is an error (use an optional type to allow it).
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard let value = try decode(column, as: T?.self) else {
            throw PostgresError(
                kind: .decoding, message: "column \(result.columns[column]) is NULL", operation: "decode")
        }
        return value
    }

    /// Decodes a column that may be NULL.
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T?.Type = T?.self) throws(PostgresError) -> T? {
        let c = Int32(column)
        guard column < result.columns.count else {
            throw PostgresError(kind: .usage, message: "no column \(column)", operation: "decode")
        }
        if PQgetisnull(result.handle, index, c) == 1 { return nil }
        let length = Int(PQgetlength(result.handle, index, c))
        let pointer = PQgetvalue(result.handle, index, c)!
        return try pointer.withMemoryRebound(to: UInt8.self, capacity: length) { p throws(PostgresError) in
            try T(postgresText: UnsafeBufferPointer(start: p, count: length))
        }
    }

    /// Decodes a column by name.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        try decode(Int(result.columnIndex(name)), as: type)
    }

    /// Decodes a column that may be NULL, by name.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T?.Type = T?.self) throws(PostgresError) -> T? {
        try decode(Int(result.columnIndex(name)), as: type)
    }
}

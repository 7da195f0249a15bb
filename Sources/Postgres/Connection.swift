import CLibPQ
import Foundation

/// One libpq connection. Owned by one thread: it is not `Sendable`, so Swift's checker keeps it from being
/// shared. A worker opens its own connection on its own thread from a connection string.
public final class Connection {
    let handle: OpaquePointer
    /// The connection string it was opened with, to open another connection like it. May hold a password: it is
    /// never logged.
    public let conninfo: String
    /// Wakes a blocked `waitForNotification` from another thread; created on first use.
    private var wakePipe: WakePipe?
    /// Names of the statements prepared on this session by `pipeline`, by statement text.
    var preparedNames: [String: String] = [:]

    /// Connects with a URL (`postgresql://...`), a libpq keyword string (`host=... dbname=...`), or an empty string
    /// for libpq's own `PG*` variables and `.pgpass`.
    public init(_ conninfo: String, applicationName: String = "kinerja") throws(PostgresError) {
        if let problem = ConnectionStrings.problem(in: conninfo) {
            throw PostgresError(kind: .configuration, message: problem, operation: "connect")
        }
        // expand_dbname lets `dbname` carry a whole URL or keyword string; the application name is a default only.
        let keywords = ["dbname", "fallback_application_name", "client_encoding"]
        let values = [conninfo, applicationName, "UTF8"]
        let conn = ConnectionStrings.withCStrings(keywords) { k in
            ConnectionStrings.withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let conn else {
            throw PostgresError(kind: .connection, message: "out of memory", operation: "connect")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = ConnectionStrings.scrub(
                String(cString: PQerrorMessage(conn)).trimmingCharacters(in: .whitespacesAndNewlines),
                conninfo: conninfo)
            PQfinish(conn)
            let kind: PostgresError.Kind =
                ConnectionStrings.isConfigurationProblem(message) ? .configuration : .connection
            throw PostgresError(kind: kind, message: message, operation: "connect")
        }
        handle = conn
        self.conninfo = conninfo
        // Fixed text forms for what we decode (ISO timestamps in UTC); server notices stay out of the output.
        try execute(
            "SET datestyle TO 'ISO, YMD'; SET timezone TO 'UTC'; SET intervalstyle TO 'postgres'; SET client_min_messages TO warning"
        )
    }

    deinit { PQfinish(handle) }

    /// True while the connection is usable, as far as libpq knows: a connection the server closed while it was idle
    /// looks healthy until it is read from (`checkAlive`).
    public var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Reads what the server sent while the connection was idle, without waiting: a server restart or a terminated
    /// backend shows up here (before a job is handed a dead connection). Returns `isHealthy` after that.
    public func checkAlive() -> Bool {
        _ = PQconsumeInput(handle)
        return isHealthy
    }

    /// The server's process id for this session (as in `pg_stat_activity.pid`).
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// Runs one statement and returns its rows. A statement made with `SQL(preparedSQL:)` is prepared on this
    /// connection the first time and run by name afterwards, as `pipeline` does.
    @discardableResult
    public func query(_ sql: SQL) throws(PostgresError) -> QueryResult {
        let name = sql.prepared ? try preparedName(of: sql) : nil
        let result = Binding.withParameters(sql.binds) { count, values, lengths, formats in
            if let name { return PQexecPrepared(handle, name, count, values, lengths, formats, 0) }
            return PQexecParams(handle, sql.text, count, nil, values, lengths, formats, 0)
        }
        return try check(result, operation: "query")
    }

    /// The name `sql` is prepared under on this connection, preparing it first when it is new. A prepared statement
    /// outlives the transaction it was made in.
    private func preparedName(of sql: SQL) throws(PostgresError) -> String {
        if let name = preparedNames[sql.text] { return name }
        let name = "kinerja_\(preparedNames.count + 1)"
        _ = try check(PQprepare(handle, name, sql.text, Int32(sql.binds.count), nil), operation: "prepare")
        preparedNames[sql.text] = name
        return name
    }

    /// Runs one statement with results in binary form and passes the first row's first value to `body` (nil when
    /// there is no row or it is NULL). For bytea, whose text form (hex) is twice the size and must be decoded.
    public func withBinaryValue<R>(_ sql: SQL, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        let result = Binding.withParameters(sql.binds) { count, values, lengths, formats in
            PQexecParams(handle, sql.text, count, nil, values, lengths, formats, 1)
        }
        let checked = try check(result, operation: "query")
        return try withExtendedLifetime(checked) {
            guard checked.count > 0, PQgetisnull(checked.handle, 0, 0) == 0 else { return try body(nil) }
            let length = Int(PQgetlength(checked.handle, 0, 0))
            return try body(UnsafeRawBufferPointer(start: PQgetvalue(checked.handle, 0, 0), count: length))
        }
    }

    /// Runs one statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) throws(PostgresError) -> Int {
        if sql.binds.isEmpty {
            // The simple protocol: allows several statements in one string (migrations, settings).
            return try check(PQexec(handle, sql.text), operation: "execute").affectedRows
        }
        return try query(sql).affectedRows
    }

    /// Quotes an identifier with the server's rules (for LISTEN channels and the like).
    public func quoteIdentifier(_ name: String) throws(PostgresError) -> String {
        guard let quoted = PQescapeIdentifier(handle, name, name.utf8.count) else {
            throw lastError(operation: "quote identifier")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    func check(_ result: OpaquePointer?, operation: String) throws(PostgresError) -> QueryResult {
        guard let result else { throw lastError(operation: operation) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_PIPELINE_SYNC:
            return QueryResult(handle: result)
        default:
            defer { PQclear(result) }
            throw Self.error(from: result, connection: handle, operation: operation)
        }
    }

    func lastError(operation: String) -> PostgresError {
        let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        let kind: PostgresError.Kind = PQstatus(handle) == CONNECTION_OK ? .usage : .connection
        return PostgresError(kind: kind, message: message, operation: operation)
    }

    static func error(from result: OpaquePointer, connection: OpaquePointer, operation: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let p = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: p)
        }
        guard let state = field("C") else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            let kind: PostgresError.Kind = PQstatus(connection) == CONNECTION_OK ? .server : .connection
            return PostgresError(kind: kind, message: message, operation: operation)
        }
        return PostgresError(
            kind: .server, sqlState: state, message: field("M") ?? "", detail: field("D"), hint: field("H"),
            operation: operation)
    }

    func wakePipeForNotifications() throws(PostgresError) -> WakePipe {
        if let wakePipe { return wakePipe }
        let pipe = try WakePipe()
        wakePipe = pipe
        return pipe
    }
}

/// Builds the C arrays libpq wants for parameters without copying more than once.
enum Binding {
    static func withParameters<R>(
        _ binds: [PostgresBind],
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        if binds.isEmpty { return body(0, nil, nil, nil) }
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        buffers.reserveCapacity(binds.count)
        for bind in binds {
            switch bind {
            case .null:
                buffers.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let s):
                buffers.append(strdup(s))
                lengths.append(0)
                formats.append(0)
            case .binary(let bytes):
                let p = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
                bytes.withUnsafeBufferPointer { src in
                    if let base = src.baseAddress {
                        UnsafeMutableRawPointer(p).copyMemory(from: base, byteCount: bytes.count)
                    }
                }
                buffers.append(p)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        defer {
            for (i, b) in buffers.enumerated() {
                if formats[i] == 1 { b?.deallocate() } else { free(b) }
            }
        }
        let values = buffers.map { UnsafePointer($0) }
        return values.withUnsafeBufferPointer { v in
            lengths.withUnsafeBufferPointer { l in
                formats.withUnsafeBufferPointer { f in
                    body(Int32(binds.count), v.baseAddress, l.baseAddress, f.baseAddress)
                }
            }
        }
    }
}

/// Connection strings: C conversion, and a form safe to print.
public enum ConnectionStrings {
    /// The connection string with any password replaced by `***`, for logs and messages.
    public static func redacted(_ conninfo: String) -> String {
        var text = conninfo
        // URL form: scheme://user:password@host
        if let schemeEnd = text.range(of: "://"),
            let at = text.range(of: "@", range: schemeEnd.upperBound..<text.endIndex),
            let colon = text.range(of: ":", range: schemeEnd.upperBound..<at.lowerBound)
        {
            text.replaceSubrange(colon.upperBound..<at.lowerBound, with: "***")
        }
        // URL query parameter or keyword form: password=...
        let pattern = #"(password\s*=\s*)('([^'\\]|\\.)*'|[^\s&]+)"#
        if let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) {
            let range = NSRange(text.startIndex..., in: text)
            text = regex.stringByReplacingMatches(in: text, range: range, withTemplate: "$1***")
        }
        return text
    }

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) } + [nil]
        defer { for copy in copies { free(copy) } }
        let pointers = copies.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

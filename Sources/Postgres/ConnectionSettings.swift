import CLibPQ

/// What a connection string says, read with libpq's own parser, for messages that never show a password: a string
/// that does not parse is refused before libpq sees it (libpq would quote the offending part, which may be the
/// password), and a connection error has the password cut out.
extension ConnectionStrings {
    /// Why libpq cannot parse the connection string, in words that quote none of it; nil when it parses. The
    /// empty string (libpq's `PG*` variables) always parses.
    public static func problem(in conninfo: String) -> String? {
        guard !conninfo.isEmpty else { return nil }
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            if let error { PQfreemem(error) }
            return "the database URL or connection string does not parse (not shown: it may hold a password); "
                + "check its quoting and percent-encoding: a % in a password is written %25, an @ is %40"
        }
        PQconninfoFree(options)
        return nil
    }

    /// The values the string sets, by keyword (`host`, `port`, `dbname`, `user`, `password`, ...).
    static func values(in conninfo: String) -> [String: String] {
        guard !conninfo.isEmpty, let options = PQconninfoParse(conninfo, nil) else { return [:] }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return values
    }

    /// Where the string points, without its password: `user@host:port/dbname`, or a note that libpq's `PG*`
    /// variables decide.
    public static func target(_ conninfo: String) -> String {
        guard !conninfo.isEmpty else { return "the server named by the PG* variables (PGHOST, PGPORT, PGDATABASE)" }
        let v = values(in: conninfo)
        let user = v["user"].map { $0 + "@" } ?? ""
        let host = v["host"] ?? v["hostaddr"] ?? "localhost"
        let port = v["port"].map { ":" + $0 } ?? ""
        return user + host + port + "/" + (v["dbname"] ?? "")
    }

    /// `message` with the string's password, if any, replaced by `***`.
    public static func scrub(_ message: String, conninfo: String) -> String {
        guard let password = values(in: conninfo)["password"], !password.isEmpty else { return message }
        return message.replacingOccurrences(of: password, with: "***")
    }

    /// Connection failures that no retry can mend: the settings or the credentials are wrong.
    static func isConfigurationProblem(_ message: String) -> Bool {
        let signs = [
            "password authentication failed", "no pg_hba.conf entry", "does not exist", "could not translate host name",
            "no password supplied", "authentication failed", "invalid connection option", "invalid sslmode",
            "invalid port number", "invalid integer value",
        ]
        return signs.contains { message.contains($0) }
    }
}

import Foundation
import Postgres

/// Login roles for tests that act as a real user of one of Kinerja's group roles (kinerja_reader, _producer,
/// _operator, _worker): a login, not `SET ROLE`, so `session_user` is that user, as for a person at the database.
public enum TestLogins {
    /// The URL of the test database as login `name`, a member of `group`; the role is made when missing (the local
    /// test cluster trusts local logins).
    public static func url(_ name: String, memberOf group: String) throws -> String {
        let admin = try TestDatabase.connect()
        try admin.execute(
            SQL(
                unsafeSQL: """
                    DO $$
                    BEGIN
                        CREATE ROLE \(try admin.quoteIdentifier(name)) LOGIN IN ROLE \(try admin.quoteIdentifier(group));
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN
                        NULL;
                    END $$
                    """))
        guard var components = URLComponents(string: try TestDatabase.url()) else {
            throw PostgresError(kind: .usage, message: "the test database URL is not a URL", operation: "test login")
        }
        components.user = name
        components.password = nil
        return components.string!
    }

    /// A connection as login `name`, a member of `group`.
    public static func connect(_ name: String, memberOf group: String) throws -> Connection {
        try Connection(try url(name, memberOf: group))
    }
}

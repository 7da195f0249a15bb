import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Queries against a real PostgreSQL")
struct QueryTests {
    @Test("parameters with quotes and injection attempts come back verbatim")
    func parametersVerbatim() throws {
        let conn = try TestDatabase.connect()
        let nasty = [
            "O'Brien", "\"; DROP TABLE x; --", "'); DELETE FROM pg_class; --", "back\\slash", "tab\tnew\nline",
            "$1", "emoji 🇮🇩 Palangka Raya", "",
        ]
        for text in nasty {
            let row = try #require(try conn.query("SELECT \(text)::text AS t, length(\(text)) AS n").first)
            #expect(try row.decode("t", as: String.self) == text)
            #expect(try row.decode("n", as: Int.self) == text.unicodeScalars.count)
        }
    }

    @Test("NULL in and out")
    func nulls() throws {
        let conn = try TestDatabase.connect()
        let none: String? = nil
        let row = try #require(try conn.query("SELECT \(none)::text AS a, 5 AS b, NULL::numeric AS c").first)
        #expect(row.isNull(0))
        #expect(try row.decode("a", as: String?.self) == nil)
        #expect(try row.decode("c", as: Decimal?.self) == nil)
        #expect(throws: PostgresError.self) { try row.decode("a", as: String.self) }
        #expect(try row.decode("b", as: Int?.self) == 5)
    }

    @Test("numeric survives a round trip exactly")
    func numericPrecision() throws {
        let conn = try TestDatabase.connect()
        let values = ["6406712635.13", "2776718927.63", "0.01", "-1000000", "123456789012345678.123456789"]
        for text in values {
            let value = try #require(Decimal(string: text))
            let row = try #require(
                try conn.query("SELECT \(value)::numeric AS v, (\(value)::numeric)::text AS t").first)
            #expect(try row.decode("v", as: Decimal.self) == value)
            #expect(try row.decode("t", as: String.self) == text)
        }
        let sum = try conn.query("SELECT 1464186757.50::numeric + 267338000 + 1516112950 + 189801000 + 192555000")
        #expect(try sum.first!.decode(0, as: Decimal.self) == Decimal(string: "3629993707.5"))
    }

    @Test("typed decoding: integers, bool, timestamps, jsonb, bytea, uuid")
    func typedDecoding() throws {
        let conn = try TestDatabase.connect()
        let when = Date(timeIntervalSince1970: 1_606_780_800.123456)
        let bytes = Data([0, 1, 2, 255, 0x5C, 0x27])
        let row = try #require(
            try conn.query(
                """
                SELECT 9007199254740993::bigint AS big, true AS yes, \(when)::timestamptz AS ts,
                       '{"b": [1, 2], "a": "x"}'::jsonb AS doc, \(bytes)::bytea AS raw,
                       '6f1c2d7e-0b5a-4a3e-9b1d-2f6f4a8e9c01'::uuid AS id
                """
            ).first)
        #expect(try row.decode("big", as: Int64.self) == 9_007_199_254_740_993)
        #expect(try row.decode("yes", as: Bool.self))
        let ts = try row.decode("ts", as: Date.self)
        #expect(abs(ts.timeIntervalSince(when)) < 0.000_002)
        struct Doc: Decodable, Equatable {
            let a: String
            let b: [Int]
        }
        #expect(try row.decode("doc", as: JSONText.self).decode(Doc.self) == Doc(a: "x", b: [1, 2]))
        #expect(try row.decode("raw", as: Data.self) == bytes)
        #expect(try row.decode("id", as: UUID.self).uuidString == "6F1C2D7E-0B5A-4A3E-9B1D-2F6F4A8E9C01")
    }

    @Test("array parameters and unnest")
    func arrays() throws {
        let conn = try TestDatabase.connect()
        let names = ["a\"b", "c\\d", "e,f", "{g}"]
        let rows = try conn.query("SELECT x FROM unnest(\(names)::text[]) AS x").rows
        #expect(try rows.map { try $0.decode(0, as: String.self) } == names)
        let ids: [Int64] = [3, 1, 2]
        let total = try conn.query("SELECT sum(x)::bigint FROM unnest(\(ids)::bigint[]) x").first!
        #expect(try total.decode(0, as: Int64.self) == 6)
    }

    @Test("a failing statement inside a transaction rolls the transaction back")
    func transactionRollback() throws {
        let conn = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("t_rollback")
        try conn.execute("CREATE TABLE \(identifier: table) (id int PRIMARY KEY)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        #expect(throws: PostgresError.self) {
            try conn.transaction { tx in
                try tx.execute("INSERT INTO \(identifier: table) VALUES (1)")
                try tx.execute("INSERT INTO \(identifier: table) VALUES (1)")
            }
        }
        #expect(try conn.query("SELECT count(*) FROM \(identifier: table)").first!.decode(0, as: Int.self) == 0)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try conn.transaction { tx in
                try tx.execute("INSERT INTO \(identifier: table) VALUES (2)")
                throw Boom()
            }
        }
        #expect(try conn.query("SELECT count(*) FROM \(identifier: table)").first!.decode(0, as: Int.self) == 0)
        _ = try conn.transaction { tx in try tx.execute("INSERT INTO \(identifier: table) VALUES (3)") }
        #expect(try conn.query("SELECT count(*) FROM \(identifier: table)").first!.decode(0, as: Int.self) == 1)
    }

    @Test("server errors carry SQLSTATE, detail and hint; the description hides values")
    func errors() throws {
        let conn = try TestDatabase.connect()
        let secret = "rahasia-123"
        do {
            try conn.query("SELECT \(secret)::numeric")
            Issue.record("expected an error")
        } catch {
            #expect(error.sqlState == "22P02")
            #expect(error.message.contains(secret))
            #expect(!error.description.contains(secret))
            #expect(String(reflecting: error).contains(secret))
        }
        #expect(throws: PostgresError.self) { try conn.query("SELEC 1") }
        #expect(try conn.query("SELECT 1").first!.decode(0, as: Int.self) == 1)
    }

    @Test("a prepared statement is prepared once per connection, by query and pipeline alike, and survives a rollback")
    func preparedOnce() throws {
        let conn = try TestDatabase.connect()
        let text = "SELECT $1::int * 3"
        try conn.execute("BEGIN")
        #expect(try conn.query(SQL(preparedSQL: text, binds: [2])).first!.decode(0, as: Int.self) == 6)
        try conn.execute("ROLLBACK")
        #expect(try conn.query(SQL(preparedSQL: text, binds: [3])).first!.decode(0, as: Int.self) == 9)
        func preparedCount() throws -> Int {
            try conn.query("SELECT count(*)::int FROM pg_prepared_statements WHERE statement = \(text)").first!
                .decode(0, as: Int.self)
        }
        #expect(try preparedCount() == 1)
        #expect(try conn.pipeline([SQL(preparedSQL: text, binds: [4])])[0].first!.decode(0, as: Int.self) == 12)
        #expect(try preparedCount() == 1)
    }

    @Test("pipeline mode runs many statements in one round trip")
    func pipeline() throws {
        let conn = try TestDatabase.connect()
        let results = try conn.pipeline((1...50).map { i in "SELECT \(i)::int * 2" })
        #expect(results.count == 50)
        #expect(try results.enumerated().allSatisfy { i, r in try r.first!.decode(0, as: Int.self) == (i + 1) * 2 })
        #expect(throws: PostgresError.self) { try conn.pipeline(["SELECT 1", "SELECT 1/0", "SELECT 3"]) }
        #expect(try conn.query("SELECT 7").first!.decode(0, as: Int.self) == 7)
    }

    @Test("a connection string that does not parse is refused without quoting it; errors lose the password")
    func unparsableConnectionString() throws {
        let url = "postgresql://app:pa%ZZss-77@127.0.0.1:1/k"
        let problem = try #require(ConnectionStrings.problem(in: url))
        #expect(!problem.contains("pa%ZZ") && !problem.contains("ss-77"))
        #expect(ConnectionStrings.problem(in: "") == nil)
        #expect(ConnectionStrings.problem(in: "postgresql://app:pa%25ss@127.0.0.1:1/k") == nil)
        let error = #expect(throws: PostgresError.self) { try Connection(url) }
        #expect(error?.kind == .configuration)
        #expect(error.map { !"\($0)".contains("ss-77") } == true)
        // libpq does not quote the password of a string that parses, but a message that does is scrubbed.
        #expect(
            ConnectionStrings.scrub("bad token near hunter2x", conninfo: "host=h password=hunter2x")
                == "bad token near ***")
        #expect(ConnectionStrings.target("postgresql://app:pw@db.example:5433/k") == "app@db.example:5433/k")
        #expect(ConnectionStrings.target("").contains("PG* variables"))
    }

    @Test("passwords are redacted from connection strings")
    func redaction() {
        #expect(
            ConnectionStrings.redacted("postgresql://app:s3cr%40t@db.example:5432/k?sslmode=require")
                == "postgresql://app:***@db.example:5432/k?sslmode=require")
        #expect(ConnectionStrings.redacted("host=db password=s3cret user=app") == "host=db password=*** user=app")
        #expect(ConnectionStrings.redacted("host=db password='a b' user=app") == "host=db password=*** user=app")
        #expect(
            ConnectionStrings.redacted("postgresql://u@h/db?password=x&a=1") == "postgresql://u@h/db?password=***&a=1")
    }

    @Test("a connection failure names the problem without the password")
    func connectFailure() throws {
        do {
            _ = try Connection("postgresql://nobody:topsecret@127.0.0.1:1/none?connect_timeout=2")
            Issue.record("expected a failure")
        } catch {
            #expect(error.kind == .connection)
            #expect(error.isConnectionLost)
            #expect(!error.description.contains("topsecret"))
        }
    }
}

import Foundation
import Postgres
import TestSupport
import Testing

@Suite("COPY fields, savepoints and binary bytea")
struct CopyFieldsTests {
    @Test("field by field, with escapes, and a failing COPY's error")
    func fields() throws {
        let conn = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("t_fields")
        try conn.execute("CREATE TABLE \(identifier: table) (a text, b text, c numeric, d boolean, e text)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        try conn.copyIn("COPY \(identifier: table) FROM STDIN") { writer in
            for i in 0..<5000 {
                writer.field("tab\there")
                Array("back\\slash\r\nline".utf8).withUnsafeBufferPointer { writer.field(bytes: $0) }
                writer.plainField(Array("\(i).50".utf8))
                writer.plainField(byte: UInt8(ascii: i % 2 == 0 ? "t" : "f"))
                if i % 3 == 0 { writer.null() } else { writer.field("é \(i)") }
                try writer.endRow()
            }
        }
        let check = try conn.query(
            """
            SELECT count(*)::int, min(a), min(b), sum(c), count(*) FILTER (WHERE d)::int, count(e)::int
            FROM \(identifier: table)
            """
        ).first!
        #expect(try check.decode(0, as: Int.self) == 5000)
        #expect(try check.decode(1, as: String.self) == "tab\there")
        #expect(try check.decode(2, as: String.self) == "back\\slash\r\nline")
        #expect(try check.decode(3, as: Decimal.self) == Decimal(string: "12500000"))
        #expect(try check.decode(4, as: Int.self) == 2500)
        #expect(try check.decode(5, as: Int.self) == 3333)
        // A row the server rejects fails the COPY with the server's error, and nothing is stored.
        #expect(throws: PostgresError.self) {
            try conn.copyIn("COPY \(identifier: table) (c) FROM STDIN") { writer in
                for i in 0..<300_000 {
                    writer.plainField(Array((i == 250_000 ? "x" : "1").utf8))
                    try writer.endRow()
                }
            }
        }
        #expect(try conn.query("SELECT count(*)::int FROM \(identifier: table)").first!.decode(0, as: Int.self) == 5000)
    }

    @Test("integers and scaled decimals are written without strings and read back exactly")
    func numbers() throws {
        let conn = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("t_numbers")
        try conn.execute("CREATE TABLE \(identifier: table) (n numeric(20, 2), i bigint)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        let values: [(Int64, Int)] = [(-12345, -7), (5, 0), (0, 42), (Int64.max, Int.min + 1), (100, 1_000_000)]
        try conn.copyIn("COPY \(identifier: table) FROM STDIN") { writer in
            for (scaled, integer) in values {
                writer.field(scaled: scaled, fractionDigits: 2)
                writer.field(integer)
                try writer.endRow()
            }
        }
        let rows = try conn.query("SELECT n::text, i::text FROM \(identifier: table)").rows.map {
            [try $0.decode(0, as: String.self), try $0.decode(1, as: String.self)]
        }
        #expect(
            rows == [
                ["-123.45", "-7"], ["0.05", "0"], ["0.00", "42"], ["92233720368547758.07", "-9223372036854775807"],
                ["1.00", "1000000"],
            ])
    }

    @Test("a savepoint rolls back its part only and the transaction goes on")
    func savepoint() throws {
        let conn = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("t_savepoint")
        try conn.execute("CREATE TABLE \(identifier: table) (id int)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        struct Again: Error {}
        try conn.transaction { tx in
            try tx.execute("INSERT INTO \(identifier: table) VALUES (1)")
            #expect(throws: Again.self) {
                try tx.savepoint("first_try") { tx in
                    try tx.execute("INSERT INTO \(identifier: table) VALUES (2)")
                    throw Again()
                }
            }
            #expect(throws: PostgresError.self) {
                try tx.savepoint("bad") { tx in try tx.execute("SELECT 1 / 0") }
            }
            let three = try tx.savepoint("second_try") { tx in
                try tx.execute("INSERT INTO \(identifier: table) VALUES (3)")
            }
            #expect(three == 1)
        }
        let ids = try conn.query("SELECT id FROM \(identifier: table) ORDER BY id").rows.map {
            try $0.decode(0, as: Int.self)
        }
        #expect(ids == [1, 3])
    }

    @Test("bytea read in binary form comes back byte for byte")
    func binaryBytea() throws {
        let conn = try TestDatabase.connect()
        let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let back = try conn.withBinaryValue("SELECT \(bytes)::bytea") { $0.map { Data($0) } }
        #expect(back == bytes)
        let none = try conn.withBinaryValue("SELECT NULL::bytea") { $0 == nil }
        #expect(none)
    }
}

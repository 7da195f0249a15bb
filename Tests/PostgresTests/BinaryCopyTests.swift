import Foundation
import Postgres
import TestSupport
import Testing

@Suite("COPY in binary format")
struct BinaryCopyTests {
    @Test("every field type as the server stores it: numeric money around each base-10000 group, signs, NULLs, text")
    func fields() throws {
        let conn = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("t_bincopy")
        try conn.execute(
            "CREATE TABLE \(identifier: table) (id bigint, n int, t text, amount numeric(20, 2), flag boolean)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        let sen: [Int128] = [
            0, 5, 50, 99, 100, 105, 12_345, 999_999, 1_000_000, 146_418_675_750, -1, -146_418_675_750,
            10_000_00, 10_000_0000_00, 99_999_999_999_999_999_999, -99_999_999_999_999_999_999,
            // Either side of the 64-bit path.
            Int128(UInt64.max), -Int128(UInt64.max), Int128(UInt64.max) + 1,
        ]
        let rows = try conn.copyInBinary(
            "COPY \(identifier: table) (id, n, t, amount, flag) FROM STDIN WITH (FORMAT binary)"
        ) { writer in
            for (i, value) in sen.enumerated() {
                writer.beginRow(fields: 5)
                writer.int64(Int64(i) - 3)
                writer.int32(Int32(-i))
                if i == 3 { writer.null() } else { writer.text("baris\t\(i)\\ é") }
                try writer.numeric(hundredths: value)
                writer.bool(i % 2 == 0)
                try writer.endRow()
            }
        }
        #expect(rows == sen.count)
        let stored = try conn.query(
            "SELECT id, n, t, amount::text, flag FROM \(identifier: table) ORDER BY id"
        ).rows
        for (i, row) in stored.enumerated() {
            #expect(try row.decode(0, as: Int64.self) == Int64(i) - 3)
            #expect(try row.decode(1, as: Int.self) == -i)
            #expect(try row.decode(2, as: String?.self) == (i == 3 ? nil : "baris\t\(i)\\ é"))
            let value = sen[i]
            let digits = String(value.magnitude)
            let padded = String(repeating: "0", count: max(0, 3 - digits.count)) + digits
            let expected = (value < 0 ? "-" : "") + padded.dropLast(2) + "." + padded.suffix(2)
            #expect(try row.decode(3, as: String.self) == expected, "sen \(value)")
            #expect(try row.decode(4, as: Bool.self) == (i % 2 == 0))
        }
    }

    @Test("a row the server refuses aborts the COPY with its error; nothing is stored")
    func refused() throws {
        let conn = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("t_bincopy_bad")
        try conn.execute("CREATE TABLE \(identifier: table) (amount numeric(5, 2))")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        #expect(throws: PostgresError.self) {
            try conn.copyInBinary("COPY \(identifier: table) FROM STDIN WITH (FORMAT binary)") { writer in
                writer.beginRow(fields: 1)
                try writer.numeric(hundredths: 100_000_000)  // 1 000 000,00 does not fit numeric(5, 2)
                try writer.endRow()
            }
        }
        #expect(try conn.query("SELECT count(*)::int FROM \(identifier: table)").first!.decode(0, as: Int.self) == 0)
    }

    @Test("a field longer than the writer's chunk is stored whole, and the rows before and after it too")
    func longField() throws {
        let conn = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("t_bincopy_long")
        try conn.execute("CREATE TABLE \(identifier: table) (id int, t text)")
        defer { _ = try? conn.execute("DROP TABLE \(identifier: table)") }
        // 700 kB: more than the 256 kB chunk and its slack, so the chunk grows; 20 000 rows fill several chunks.
        let long = String(repeating: "Belanja Barang ", count: 700_000 / 15)
        let rows = try conn.copyInBinary("COPY \(identifier: table) FROM STDIN WITH (FORMAT binary)") { writer in
            for i in 0..<20_000 {
                writer.beginRow(fields: 2)
                writer.int32(Int32(i))
                writer.text(i == 10_000 ? long : "baris \(i)")
                try writer.endRow()
            }
        }
        #expect(rows == 20_000)
        let stored = try conn.query(
            "SELECT count(*)::int, sum(length(t))::bigint, max(length(t))::int FROM \(identifier: table)"
        ).first!
        let short = (0..<20_000).filter { $0 != 10_000 }.reduce(0) { $0 + "baris \($1)".count }
        #expect(try stored.decode(0, as: Int.self) == 20_000)
        #expect(try stored.decode(1, as: Int64.self) == Int64(short + long.count))
        #expect(try stored.decode(2, as: Int.self) == long.count)
        let at = try conn.query("SELECT t FROM \(identifier: table) WHERE id = 10000").first!.decode(0, as: String.self)
        #expect(at == long)
    }
}

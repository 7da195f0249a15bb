import ImportParsing
import Postgres

/// Governments (pemda: pemerintah daerah, a province, regency or city), known by code (`kode_pemda`, e.g. 62.71),
/// by name, or both (sql/016). OPD codes repeat across governments, so an OPD is always read with its government.
package enum PemdaStore {
    /// A government as messages and reports name it.
    package struct Entry: Sendable, Equatable {
        package let id: Int
        package let kode: String?
        package let nama: String

        /// `62.71 Kota Palangka Raya`, or whichever of the two is known.
        package var label: String { [kode ?? "", nama].filter { !$0.isEmpty }.joined(separator: " ") }
    }

    /// The government a file row names (either may be empty), created when new; neither named: the database's
    /// only one. A database of several governments, or a code and a name of two different ones, throw
    /// `ImportInputError` with the reason.
    package static func forRow(kode: String, nama: String, on tx: Connection) throws -> Int {
        try refusingAsInput {
            try tx.query("SELECT kinerja.pemda_for(\(kode), \(nama))").first!.decode(0, as: Int.self)
        }
    }

    /// The government a command line or a job names by code or name: a known one, else a new one (a code when
    /// the text looks like one: digits and dots).
    package static func forGiven(_ text: String, on tx: Connection) throws -> Int {
        if let id = try named(text, on: tx) { return id }
        let isCode = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
        return try forRow(kode: isCode ? text : "", nama: isCode ? "" : text, on: tx)
    }

    /// The government known by this code or name (`Pemerintah Kota X` names `Kota X`: `kinerja.pemda_key`), or nil.
    package static func named(_ text: String, on conn: Connection) throws -> Int? {
        try conn.query("SELECT kinerja.pemda_named(\(text))").first!.decode(0, as: Int?.self)
    }

    /// The government of a job that names none: that of its OPD when only one government has the code (jobs from
    /// before sql/016, scripts that do not know), else the database's only one; nil when it has none or several
    /// (`whyNone` says which). Creates nothing.
    package static func forJob(kodeOPD: String?, on conn: Connection) throws -> Int? {
        if let kodeOPD,
            let id = try conn.query("SELECT min(pemda_id) FROM kinerja.opd WHERE kode = \(kodeOPD) HAVING count(*) = 1")
                .first?.decode(0, as: Int?.self)
        {
            return id
        }
        return try only(on: conn)
    }

    /// Why `forJob` found no government: the database holds none yet, or several (listed).
    package static func whyNone(on conn: Connection) throws -> String {
        let all = try all(on: conn)
        return all.isEmpty
            ? "basis data ini belum memuat data"
            : "basis data ini memuat \(all.count) pemerintah (" + all.map(\.label).joined(separator: ", ")
                + "): sebutkan satu (--pemda)"
    }

    /// The database's only government, or nil when it has none or several.
    package static func only(on conn: Connection) throws -> Int? {
        try conn.query("SELECT min(id) FROM kinerja.pemda HAVING count(*) = 1").first?.decode(0, as: Int?.self)
    }

    /// One government, or nil.
    package static func entry(_ id: Int, on conn: Connection) throws -> Entry? {
        try conn.query("SELECT id, kode, nama FROM kinerja.pemda WHERE id = \(id)").first.map(entry(row:))
    }

    /// Every government, in the order they were first seen.
    package static func all(on conn: Connection) throws -> [Entry] {
        try conn.query("SELECT id, kode, nama FROM kinerja.pemda ORDER BY id").rows.map(entry(row:))
    }

    private static func entry(row: Row) throws -> Entry {
        Entry(id: try row.decode(0), kode: try row.decode(1), nama: try row.decode(2))
    }

    /// The database's refusals (SQLSTATE 22023, worded for the user) are the input's fault, not a retry's.
    private static func refusingAsInput<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as PostgresError where error.sqlState == "22023" {
            throw ImportInputError(error.message)
        }
    }
}

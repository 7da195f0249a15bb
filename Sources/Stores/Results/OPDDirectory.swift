import Postgres

/// The OPDs the database knows, as a producer may see them (sql/013: code and name only).
package enum OPDDirectory {
    /// True when an OPD with this code exists; nil when this role may not look (a database before sql/013).
    package static func knows(_ kode: String, on conn: Connection) -> Bool? {
        do {
            return try conn.query("SELECT EXISTS (SELECT 1 FROM kinerja.opd WHERE kode = \(kode))").first!.decode(
                0, as: Bool.self)
        } catch {
            return nil
        }
    }
}

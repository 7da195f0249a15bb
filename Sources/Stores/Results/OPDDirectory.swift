import Postgres

/// The OPDs the database knows, as a producer may see them (sql/013 and sql/016: code, name and government only).
package enum OPDDirectory {
    /// True when an OPD with this code exists (of the government `pemdaID`, when given); nil when this role may not
    /// look (a database before sql/013).
    package static func knows(_ kode: String, pemdaID: Int? = nil, on conn: Connection) -> Bool? {
        do {
            return try conn.query(
                """
                SELECT EXISTS (
                    SELECT 1 FROM kinerja.opd WHERE kode = \(kode) AND (\(pemdaID)::int IS NULL OR pemda_id = \(pemdaID)))
                """
            ).first!.decode(0, as: Bool.self)
        } catch {
            return nil
        }
    }
}

import Postgres

/// Creates or updates an OPD row of a government. An empty name never overwrites a known one; a new OPD without a
/// name is named by its code until a file names it.
package enum OPDUpsert {
    package static func run(pemdaID: Int, kode: String, nama: String, on tx: Connection) throws {
        try tx.query(
            """
            INSERT INTO kinerja.opd AS o (pemda_id, kode, nama)
            VALUES (\(pemdaID), \(kode), COALESCE(NULLIF(\(nama), ''), \(kode)))
            ON CONFLICT (pemda_id, kode) DO UPDATE
                SET nama = excluded.nama, updated_at = now()
                WHERE \(nama) <> '' AND o.nama IS DISTINCT FROM excluded.nama
            """)
    }
}

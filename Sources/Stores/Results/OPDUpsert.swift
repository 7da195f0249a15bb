import Postgres

/// Creates or updates an OPD row. An empty name or pemerintah never overwrites a known one; a new OPD without a
/// name is named by its code until a file names it.
package enum OPDUpsert {
    package static func run(kode: String, nama: String, pemerintah: String, on tx: Connection) throws {
        try tx.query(
            """
            INSERT INTO kinerja.opd AS o (kode, nama, pemerintah)
            VALUES (\(kode), COALESCE(NULLIF(\(nama), ''), \(kode)), NULLIF(\(pemerintah), ''))
            ON CONFLICT (kode) DO UPDATE
                SET nama = CASE WHEN \(nama) = '' THEN o.nama ELSE excluded.nama END,
                    pemerintah = COALESCE(excluded.pemerintah, o.pemerintah), updated_at = now()
                WHERE (\(nama) <> '' AND o.nama IS DISTINCT FROM excluded.nama)
                   OR (excluded.pemerintah IS NOT NULL AND o.pemerintah IS DISTINCT FROM excluded.pemerintah)
            """)
    }
}

import Foundation
import Kinerja
import Postgres

/// `kinerja.narasi`: one narrative per (government, tahun, OPD or none: the government's own); the import of the later job wins, whatever order they commit in
/// (an older job retried after a newer one completed does not bring its text back).
package enum NarasiStore {
    package static func save(
        _ narasi: Narasi, tahun: Int, kodeOPD: String?, pemdaID: Int, fileName: String, jobID: Int64,
        on conn: Connection
    ) throws {
        try conn.execute(
            """
            INSERT INTO kinerja.narasi (pemda_id, tahun, kode_opd, dokumen, file_name, job_id)
            VALUES (\(pemdaID), \(tahun), \(kodeOPD), \(try JSONText(encoding: narasi))::jsonb, \(fileName), \(jobID))
            ON CONFLICT ON CONSTRAINT narasi_scope_key DO UPDATE
                SET dokumen = excluded.dokumen, file_name = excluded.file_name, job_id = excluded.job_id,
                    updated_at = now()
                WHERE kinerja.narasi.job_id IS NULL OR kinerja.narasi.job_id <= excluded.job_id
            """)
    }

    /// The OPD's narrative for the year, or nil when none was imported (or the database predates sql/014: a
    /// worker upgraded before the migration still produces reports, with placeholders).
    /// `kodeOPD` nil: the government's own narrative.
    package static func load(tahun: Int, kodeOPD: String?, pemdaID: Int, on conn: Connection) throws -> Narasi? {
        let found: Row?
        do {
            found = try conn.query(
                """
                SELECT dokumen::text FROM kinerja.narasi
                WHERE pemda_id = \(pemdaID) AND tahun = \(tahun) AND kode_opd IS NOT DISTINCT FROM \(kodeOPD)::text
                """
            ).first
        } catch {
            if error.sqlState == "42P01" { return nil }
            throw error
        }
        guard let row = found else { return nil }
        return try JSONDecoder().decode(Narasi.self, from: Data(try row.decode(0, as: String.self).utf8))
    }
}

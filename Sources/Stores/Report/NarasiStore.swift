import Foundation
import Kinerja
import Postgres

/// `kinerja.narasi`: one narrative per (tahun, OPD); a newer import replaces the older one.
package enum NarasiStore {
    package static func save(
        _ narasi: Narasi, tahun: Int, kodeOPD: String, fileName: String, jobID: Int64, on conn: Connection
    ) throws {
        try conn.execute(
            """
            INSERT INTO kinerja.narasi (tahun, kode_opd, dokumen, file_name, job_id)
            VALUES (\(tahun), \(kodeOPD), \(try JSONText(encoding: narasi))::jsonb, \(fileName), \(jobID))
            ON CONFLICT (tahun, kode_opd) DO UPDATE
                SET dokumen = excluded.dokumen, file_name = excluded.file_name, job_id = excluded.job_id,
                    updated_at = now()
            """)
    }

    /// The OPD's narrative for the year, or nil when none was imported.
    package static func load(tahun: Int, kodeOPD: String, on conn: Connection) throws -> Narasi? {
        guard
            let row = try conn.query(
                "SELECT dokumen::text FROM kinerja.narasi WHERE tahun = \(tahun) AND kode_opd = \(kodeOPD)"
            ).first
        else { return nil }
        return try JSONDecoder().decode(Narasi.self, from: Data(try row.decode(0, as: String.self).utf8))
    }
}

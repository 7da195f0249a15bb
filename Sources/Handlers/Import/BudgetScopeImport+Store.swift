import Foundation
import ImportParsing
import Kinerja
import Postgres
import Producers
import Stores

extension BudgetScopeImport {
    /// Import ids for the scopes of one COPY, taken from the imports' own sequence before it starts (a COPY cannot
    /// stop to ask for one): ids stay unique, increase within a file, and have gaps where a file had fewer scopes.
    static let reserveImportIDs = """
        SELECT nextval(pg_get_serial_sequence('kinerja.imports', 'id')) AS id FROM generate_series(1, $1) ORDER BY 1
        """

    /// The import row of a scope `read` wrote, or none when its content is that of the scope's current import.
    func store(_ read: Read, on tx: Connection) throws -> Outcome {
        var outcome = read.outcome
        let first = read.first
        let pemdaID = try ImportPemda.resolve(first.pemda, given: givenPemda, file: file, row: first.row, on: tx)
        outcome.scope.pemdaID = pemdaID
        let scope = outcome.scope
        let versiText = versi.rawValue
        // Two imports of one scope at once: the one that gets here second waits, then replaces the first (whatever
        // their ids: they were reserved before the COPY).
        try tx.query(
            "SELECT pg_advisory_xact_lock(hashtext(\("import_rka:\(pemdaID):\(scope.tahun):\(scope.kodeOPD):\(versiText)")))"
        )
        let digest = read.copy.contentDigest(namaOPD: first.namaOPD, findings: read.findings)
        if args.force != true, let kept = try currentImport(of: scope, on: tx), kept.digest == digest {
            outcome.reread = outcome.importID
            outcome.importID = kept.id
            return outcome
        }
        try tx.query(
            SQL(
                unsafeSQL: """
                    INSERT INTO kinerja.imports (id, kind, upload_id, file_name, sha256, tahun, kode_opd, versi, rows,
                                                 job_id, pemda_id, content_sha256)
                    OVERRIDING SYSTEM VALUE
                    VALUES ($1, 'rka', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                    """,
                binds: [
                    outcome.importID, args.uploadID, args.fileName, args.sha256, scope.tahun, scope.kodeOPD, versiText,
                    outcome.lines, hooks.jobID, pemdaID, digest,
                ]))
        outcome.replaced = try replaceEarlier(scope: scope, namaOPD: first.namaOPD, by: outcome.importID, on: tx)
        try TemuanWriter.write(
            read.findings.map { (scope.tahun, scope.kodeOPD, $0) }, pemdaID: pemdaID, importID: outcome.importID,
            on: tx)
        outcome.temuan = TemuanWriter.counts(read.findings)
        outcome.recomputeID = try RecomputeArgs(tahun: scope.tahun, kodeOPD: scope.kodeOPD, pemdaID: pemdaID)
            .enqueueFollowUp(on: tx)
        return outcome
    }

    /// The scope's import in force and its content digest (nil for imports from before sql/015).
    private func currentImport(of scope: ImportScope, on tx: Connection) throws -> (id: Int64, digest: String)? {
        guard
            let row = try tx.query(
                """
                SELECT id, content_sha256 FROM kinerja.imports
                WHERE kind = 'rka' AND pemda_id = \(scope.pemdaID) AND tahun = \(scope.tahun)
                  AND kode_opd = \(scope.kodeOPD) AND versi = \(versi.rawValue) AND replaced_by IS NULL
                ORDER BY id DESC LIMIT 1
                """
            ).first, let digest = try row.decode(1, as: String?.self)
        else { return nil }
        return (try row.decode(0, as: Int64.self), digest)
    }

    /// Upserts the OPD, removes the scope's earlier import findings and marks the scope's earlier imports replaced
    /// by `importID`; returns them (the importer's one `purge_lines` job deletes their lines after it commits).
    private func replaceEarlier(scope: ImportScope, namaOPD: String, by importID: Int64, on tx: Connection) throws
        -> [Int64]
    {
        let versiText = versi.rawValue
        try OPDUpsert.run(pemdaID: scope.pemdaID!, kode: scope.kodeOPD, nama: namaOPD, on: tx)
        try tx.query(
            """
            DELETE FROM kinerja.temuan WHERE asal = 'import' AND import_id IN (
                SELECT id FROM kinerja.imports
                WHERE kind = 'rka' AND pemda_id = \(scope.pemdaID) AND tahun = \(scope.tahun)
                  AND kode_opd = \(scope.kodeOPD) AND versi = \(versiText) AND id <> \(importID))
            """)
        return try tx.query(
            """
            UPDATE kinerja.imports SET replaced_by = \(importID)
            WHERE kind = 'rka' AND pemda_id = \(scope.pemdaID) AND tahun = \(scope.tahun)
              AND kode_opd = \(scope.kodeOPD) AND versi = \(versiText) AND replaced_by IS NULL AND id <> \(importID)
            RETURNING id
            """
        ).rows.map { try $0.decode(0, as: Int64.self) }
    }
}

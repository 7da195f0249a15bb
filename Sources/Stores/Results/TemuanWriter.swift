import Kinerja
import Postgres

/// Writes an import's findings into `kinerja.temuan` (asal `import`) with COPY.
package enum TemuanWriter {
    package static func write(
        _ findings: [(tahun: Int, kodeOPD: String?, temuan: Temuan)], pemdaID: Int, importID: Int64,
        on tx: Connection
    ) throws {
        guard !findings.isEmpty else { return }
        try tx.copyIn(
            "COPY kinerja.temuan (tahun, kode_opd, kode, tingkat, pesan, sumber, asal, import_id, pemda_id) FROM STDIN"
        ) { writer in
            for f in findings {
                try writer.write([
                    String(f.tahun), f.kodeOPD, f.temuan.code.rawValue, f.temuan.severity.rawValue, f.temuan.message,
                    f.temuan.source, "import", String(importID), String(pemdaID),
                ])
            }
        }
    }

    /// Counts by severity and by code, for the job result.
    package static func counts(_ findings: [Temuan]) -> (bySeverity: [String: Int], byCode: [String: Int]) {
        (
            Dictionary(grouping: findings, by: \.severity.rawValue).mapValues(\.count),
            Dictionary(grouping: findings, by: \.code.rawValue).mapValues(\.count)
        )
    }
}

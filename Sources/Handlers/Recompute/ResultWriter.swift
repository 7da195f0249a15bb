import Foundation
import Kinerja
import Postgres

/// Writes recompute's results for one scope (a government's year, one OPD or all) so that a run on unchanged data changes no row: new results go to
/// temporary tables (by COPY), then rows that differ are updated, new ones inserted and stale ones deleted.
struct ResultWriter {
    let tx: Connection
    let tahun: Int
    let kodeOPD: String?
    let pemdaID: Int

    /// Rows inserted, updated or deleted.
    private(set) var changed = 0

    static let prepare = """
        CREATE TEMP TABLE new_capaian (indikator_id bigint, tahun int, capaian numeric, kategori text, status text,
                                       keterangan text) ON COMMIT DROP;
        CREATE TEMP TABLE new_capaian_sasaran (sasaran_id bigint, tahun int, capaian numeric, kategori text,
                                               indikator_dihitung int, indikator_dikecualikan int,
                                               dikecualikan text) ON COMMIT DROP;
        CREATE TEMP TABLE new_temuan (tahun int, kode_opd text, kode text, tingkat text, pesan text, sumber text)
            ON COMMIT DROP;
        """

    static let mergeCapaian = """
        WITH del AS (
            DELETE FROM kinerja.capaian c
            USING kinerja.indikator i, kinerja.sasaran s
            WHERE i.id = c.indikator_id AND s.id = i.sasaran_id AND c.tahun = $1 AND ($2::text IS NULL OR s.kode_opd = $2)
              AND s.pemda_id = $3
              AND NOT EXISTS (SELECT 1 FROM new_capaian n WHERE n.indikator_id = c.indikator_id AND n.tahun = c.tahun)
            RETURNING 1
        ), up AS (
            INSERT INTO kinerja.capaian AS c (indikator_id, tahun, capaian, kategori, status, keterangan)
            SELECT indikator_id, tahun, capaian, kategori, status, keterangan FROM new_capaian
            ON CONFLICT (indikator_id, tahun) DO UPDATE
                SET capaian = excluded.capaian, kategori = excluded.kategori, status = excluded.status,
                    keterangan = excluded.keterangan
                WHERE (c.capaian, c.kategori, c.status, c.keterangan)
                    IS DISTINCT FROM (excluded.capaian, excluded.kategori, excluded.status, excluded.keterangan)
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM del) + (SELECT count(*) FROM up)
        """

    static let mergeSasaran = """
        WITH del AS (
            DELETE FROM kinerja.capaian_sasaran c
            USING kinerja.sasaran s
            WHERE s.id = c.sasaran_id AND c.tahun = $1 AND ($2::text IS NULL OR s.kode_opd = $2) AND s.pemda_id = $3
              AND NOT EXISTS (SELECT 1 FROM new_capaian_sasaran n WHERE n.sasaran_id = c.sasaran_id AND n.tahun = c.tahun)
            RETURNING 1
        ), up AS (
            INSERT INTO kinerja.capaian_sasaran AS c (sasaran_id, tahun, capaian, kategori, indikator_dihitung,
                                                      indikator_dikecualikan, dikecualikan)
            SELECT * FROM new_capaian_sasaran
            ON CONFLICT (sasaran_id, tahun) DO UPDATE
                SET capaian = excluded.capaian, kategori = excluded.kategori,
                    indikator_dihitung = excluded.indikator_dihitung,
                    indikator_dikecualikan = excluded.indikator_dikecualikan, dikecualikan = excluded.dikecualikan
                WHERE (c.capaian, c.kategori, c.indikator_dihitung, c.indikator_dikecualikan, c.dikecualikan)
                    IS DISTINCT FROM (excluded.capaian, excluded.kategori, excluded.indikator_dihitung,
                                      excluded.indikator_dikecualikan, excluded.dikecualikan)
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM del) + (SELECT count(*) FROM up)
        """

    /// Findings of recompute (asal 'recompute') for the scope: stale ones deleted, new ones inserted.
    static let mergeTemuan = """
        WITH del AS (
            DELETE FROM kinerja.temuan t
            WHERE t.asal = 'recompute' AND t.tahun = $1 AND ($2::text IS NULL OR t.kode_opd = $2) AND t.pemda_id = $3
              AND NOT EXISTS (SELECT 1 FROM new_temuan n
                              WHERE (n.tahun, n.kode_opd, n.kode, n.tingkat, n.pesan, n.sumber)
                                    IS NOT DISTINCT FROM (t.tahun, t.kode_opd, t.kode, t.tingkat, t.pesan, t.sumber))
            RETURNING 1
        ), ins AS (
            INSERT INTO kinerja.temuan (tahun, kode_opd, kode, tingkat, pesan, sumber, asal, pemda_id)
            SELECT n.tahun, n.kode_opd, n.kode, n.tingkat, n.pesan, n.sumber, 'recompute', $3 FROM new_temuan n
            WHERE NOT EXISTS (SELECT 1 FROM kinerja.temuan t
                              WHERE t.asal = 'recompute' AND t.pemda_id = $3
                                AND (n.tahun, n.kode_opd, n.kode, n.tingkat, n.pesan, n.sumber)
                                    IS NOT DISTINCT FROM (t.tahun, t.kode_opd, t.kode, t.tingkat, t.pesan, t.sumber))
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM del) + (SELECT count(*) FROM ins)
        """

    mutating func write(_ computed: CapaianComputation) throws {
        try tx.execute(SQL(unsafeSQL: Self.prepare))
        try tx.copyIn("COPY new_capaian FROM STDIN") { w in
            for r in computed.indicators {
                try w.write([
                    String(r.value.indikatorID), String(tahun), r.result.value.map(Self.text), r.kategori,
                    r.result.status.rawValue, r.keterangan,
                ])
            }
        }
        try tx.copyIn("COPY new_capaian_sasaran FROM STDIN") { w in
            for s in computed.sasaran {
                try w.write([
                    String(s.sasaranID), String(tahun), s.summary.mean.map(Self.text), s.kategori,
                    String(s.summary.counted), String(s.summary.leftOut),
                    s.summary.leftOutNames.joined(separator: "; "),
                ])
            }
        }
        try tx.copyIn("COPY new_temuan FROM STDIN") { w in
            for f in computed.findings {
                try w.write([
                    String(tahun), f.kodeOPD, f.temuan.code.rawValue, f.temuan.severity.rawValue, f.temuan.message,
                    f.temuan.source,
                ])
            }
        }
        // Temporary tables get no statistics from autovacuum; without them the planner took the 50 000 new rows for
        // a handful and anti-joined by nested loop: 4 s per year on a run over unchanged data.
        try tx.execute("ANALYZE new_capaian, new_capaian_sasaran, new_temuan")
        for merge in [Self.mergeCapaian, Self.mergeSasaran, Self.mergeTemuan] {
            changed += try tx.query(SQL(unsafeSQL: merge, binds: [tahun, kodeOPD, pemdaID])).first!
                .decode(0, as: Int.self)
        }
    }

    /// Decimal as numeric text, unrounded.
    static func text(_ value: Decimal) -> String {
        var v = value
        return NSDecimalString(&v, Locale(identifier: "en_US_POSIX"))
    }
}

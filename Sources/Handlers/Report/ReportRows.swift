import Foundation
import Kinerja
import Postgres

/// The rows the loader reads, before they become the report model (findings are read straight into `Temuan`).
enum ReportRows {
    /// One indicator's values for the year, from `v_capaian`.
    struct Indicator {
        var sasaran: String
        var indikator: String
        var satuan: String
        var polaritas: String
        var metode: String
        var target: String?
        var targetRPJMD: String?
        var targetAkhirPeriode: String?
        var realisasi: Decimal?
        var capaian: Decimal?
        var kategori: String?
        var status: CapaianStatus
        var keterangan: String?
        var realisasiTahunLalu: Decimal?
        var capaianTahunLalu: Decimal?

        init(row: Row) throws {
            sasaran = try row.decode(0)
            indikator = try row.decode(1)
            satuan = try row.decode(2)
            polaritas = try row.decode(3)
            metode = try row.decode(4)
            target = try row.decode(5, as: String?.self)
            targetRPJMD = try row.decode(6, as: String?.self)
            targetAkhirPeriode = try row.decode(7, as: String?.self)
            realisasi = try row.decode(8, as: Decimal?.self)
            capaian = try row.decode(9, as: Decimal?.self)
            kategori = try row.decode(10, as: String?.self)
            status = try row.decode(11, as: CapaianStatus.self)
            keterangan = try row.decode(12, as: String?.self)
            realisasiTahunLalu = try row.decode(13, as: Decimal?.self)
            capaianTahunLalu = try row.decode(14, as: Decimal?.self)
        }
    }

    /// One sasaran's stored mean, from `v_capaian_sasaran`.
    struct Sasaran {
        var sasaran: String
        var capaian: Decimal?
        var kategori: String?
        var dihitung: Int
        var dikecualikan: Int
        /// The names left out, as recompute wrote them ("a; b").
        var dikecualikanText: String

        init(row: Row) throws {
            sasaran = try row.decode(0)
            capaian = try row.decode(1, as: Decimal?.self)
            kategori = try row.decode(2, as: String?.self)
            dihitung = try row.decode(3)
            dikecualikan = try row.decode(4)
            dikecualikanText = try row.decode(5)
        }
    }

    /// One absorption figure, from `v_penyerapan`.
    struct AbsorptionRow {
        var tingkat: AbsorptionLevel
        var kode: String
        var nama: String
        var jenisBelanja: String
        var anggaran: Decimal
        var realisasi: Decimal?
        var persen: Decimal?

        init(row: Row) throws {
            tingkat = try row.decode(0, as: AbsorptionLevel.self)
            kode = try row.decode(1)
            nama = try row.decode(2)
            jenisBelanja = try row.decode(3)
            anggaran = try row.decode(4)
            realisasi = try row.decode(5, as: Decimal?.self)
            persen = try row.decode(6, as: Decimal?.self)
        }
    }

    /// One import the figures came from.
    struct Import {
        var id: Int64
        var kind: String
        var fileName: String
        var sha256: String
        var importedAt: Date

        init(row: Row) throws {
            id = try row.decode(0)
            kind = try row.decode(1)
            fileName = try row.decode(2)
            sha256 = try row.decode(3)
            importedAt = try row.decode(4)
        }
    }
}

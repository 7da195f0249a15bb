import Foundation
import Kinerja

/// One indicator's measurement for the year: target, realisasi (actual), capaian (achievement) and kategori.
public struct MeasurementRow: Codable, Sendable, Equatable {
    public var sasaran: String
    public var indikator: String
    public var satuan: String
    public var polaritas: Polaritas
    /// The target as given, e.g. "92%", "80-90".
    public var target: String
    /// The realisasi (actual value); `nil` when not reported.
    @ExactOptionalDecimal public var realisasi: Decimal?
    /// Capaian in percent, unrounded; `nil` when it cannot be computed (see `keterangan`).
    @ExactOptionalDecimal public var capaian: Decimal?
    /// The kategori on the report's scale; `nil` when capaian is `nil`.
    public var kategori: String?
    public var status: CapaianStatus
    /// Why capaian is missing (or any other remark), e.g. "realisasi belum tersedia".
    public var keterangan: String?

    public init(
        sasaran: String, indikator: String, satuan: String, polaritas: Polaritas, target: String,
        realisasi: Decimal?, capaian: Decimal?, kategori: String?, status: CapaianStatus, keterangan: String?
    ) {
        self.sasaran = sasaran
        self.indikator = indikator
        self.satuan = satuan
        self.polaritas = polaritas
        self.target = target
        self.realisasi = realisasi
        self.capaian = capaian
        self.kategori = kategori
        self.status = status
        self.keterangan = keterangan
    }
}

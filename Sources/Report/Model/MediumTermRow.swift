import Foundation

/// One indicator this year against the medium-term target (target akhir periode of the RPJMD / Renstra).
public struct MediumTermRow: Codable, Sendable, Equatable {
    public var sasaran: String
    public var indikator: String
    public var satuan: String
    /// The end-of-period target as given, e.g. "92%".
    public var targetAkhirPeriode: String
    @ExactOptionalDecimal public var realisasi: Decimal?
    /// Capaian against the end-of-period target in percent, unrounded.
    @ExactOptionalDecimal public var capaian: Decimal?
    /// Why a value is missing.
    public var keterangan: String?

    public init(
        sasaran: String, indikator: String, satuan: String, targetAkhirPeriode: String, realisasi: Decimal?,
        capaian: Decimal?, keterangan: String?
    ) {
        self.sasaran = sasaran
        self.indikator = indikator
        self.satuan = satuan
        self.targetAkhirPeriode = targetAkhirPeriode
        self.realisasi = realisasi
        self.capaian = capaian
        self.keterangan = keterangan
    }
}

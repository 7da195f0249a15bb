import Foundation

/// One indicator this year against last year.
public struct YearComparisonRow: Codable, Sendable, Equatable {
    public var sasaran: String
    public var indikator: String
    public var satuan: String
    @ExactOptionalDecimal public var realisasiTahunLalu: Decimal?
    @ExactOptionalDecimal public var realisasi: Decimal?
    /// Last year's capaian in percent, unrounded.
    @ExactOptionalDecimal public var capaianTahunLalu: Decimal?
    /// This year's capaian in percent, unrounded.
    @ExactOptionalDecimal public var capaian: Decimal?
    /// capaian − capaianTahunLalu in percentage points; `nil` when either is missing.
    @ExactOptionalDecimal public var perubahanPoin: Decimal?
    /// Why a value is missing.
    public var keterangan: String?

    public init(
        sasaran: String, indikator: String, satuan: String, realisasiTahunLalu: Decimal?, realisasi: Decimal?,
        capaianTahunLalu: Decimal?, capaian: Decimal?, perubahanPoin: Decimal?, keterangan: String?
    ) {
        self.sasaran = sasaran
        self.indikator = indikator
        self.satuan = satuan
        self.realisasiTahunLalu = realisasiTahunLalu
        self.realisasi = realisasi
        self.capaianTahunLalu = capaianTahunLalu
        self.capaian = capaian
        self.perubahanPoin = perubahanPoin
        self.keterangan = keterangan
    }
}

import Kinerja

/// One (government, tahun, OPD, versi) an import wrote.
public struct ImportScope: Codable, Sendable, Hashable {
    public var tahun: Int
    public var kodeOPD: String
    public var versi: BudgetVersion?
    /// The government (`kinerja.pemda.id`); absent in the producer's `file_scope`, which knows only the file.
    public var pemdaID: Int?

    public init(tahun: Int, kodeOPD: String, versi: BudgetVersion?, pemdaID: Int? = nil) {
        self.tahun = tahun
        self.kodeOPD = kodeOPD
        self.versi = versi
        self.pemdaID = pemdaID
    }

    enum CodingKeys: String, CodingKey {
        case tahun, versi
        case kodeOPD = "kode_opd"
        case pemdaID = "pemda_id"
    }
}

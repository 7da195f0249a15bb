import Kinerja

/// One (tahun, OPD, versi) an import wrote.
public struct ImportScope: Codable, Sendable, Hashable {
    public var tahun: Int
    public var kodeOPD: String
    public var versi: BudgetVersion?

    public init(tahun: Int, kodeOPD: String, versi: BudgetVersion?) {
        self.tahun = tahun
        self.kodeOPD = kodeOPD
        self.versi = versi
    }

    enum CodingKeys: String, CodingKey {
        case tahun, versi
        case kodeOPD = "kode_opd"
    }
}

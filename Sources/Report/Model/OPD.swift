/// An OPD (Organisasi Perangkat Daerah): one agency of the local government.
public struct OPD: Codable, Sendable, Equatable {
    public var kode: String
    public var nama: String

    public init(kode: String, nama: String) {
        self.kode = kode
        self.nama = nama
    }
}

/// Tingkat (level) of a budget line in the hierarchy program → kegiatan (activity) → sub kegiatan → akun (account);
/// `lain` for a line outside it, e.g. Belanja Tidak Langsung in a Permendagri 13/2006 table. Raw values are what
/// `anggaran.tingkat` stores.
public enum Tingkat: String, Sendable, CaseIterable {
    case program
    case kegiatan
    case subKegiatan = "sub_kegiatan"
    case akun
    case lain

    /// Program, kegiatan and sub kegiatan: the levels above the accounts.
    public var isActivity: Bool {
        switch self {
        case .program, .kegiatan, .subKegiatan: true
        case .akun, .lain: false
        }
    }
}

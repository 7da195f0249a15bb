/// The signature block as printed: place and date, title, room to sign, name, rank, NIP. Without a narrative every
/// line is a marked blank to fill in by hand.
struct SignatureView: Sendable {
    var tempatTanggal: String
    var jabatan: String
    var nama: String
    var pangkat: String?
    var nip: String
    /// True when the lines are blanks, not data.
    var missing: Bool
}

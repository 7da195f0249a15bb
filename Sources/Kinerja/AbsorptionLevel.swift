/// What a row of `v_penyerapan` sums: the whole OPD, one jenis belanja (kind of spending), or one program,
/// kegiatan, sub kegiatan or account. Raw values are what `v_penyerapan.tingkat` shows.
public enum AbsorptionLevel: String, Sendable, CaseIterable {
    case opd
    case jenisBelanja = "jenis_belanja"
    case program
    case kegiatan
    case subKegiatan = "sub_kegiatan"
    case akun
}

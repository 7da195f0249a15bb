/// Every finding code in one place. The raw values are stable: they are what `kinerja.temuan.kode` holds, and
/// scripts, views and the report JSON rely on them.
public enum TemuanCode: String, Sendable, Codable, CaseIterable {
    /// A printed percentage differs from the one computed from the figures beside it.
    case persenBeda = "PERSEN_BEDA"
    /// A total row (JUMLAH/TOTAL) is not the sum of the rows it totals.
    case jumlahBeda = "JUMLAH_BEDA"
    /// A parent code's amount is not the sum of its children's.
    case indukBeda = "INDUK_BEDA"
    /// A target differs from the Perjanjian Kinerja target for the same indicator and year.
    case targetBeda = "TARGET_BEDA"
    /// An indicator has no realisasi for the year.
    case realisasiKosong = "REALISASI_KOSONG"
    /// A rank-like indicator is declared higher-is-better.
    case polaritasMeragukan = "POLARITAS_MERAGUKAN"
    /// A printed capaian of a lower-is-better indicator was computed with the higher-is-better formula.
    case capaianNegatifSalah = "CAPAIAN_NEGATIF_SALAH"
    /// The capaian formula gave a negative number, shown as 0.
    case capaianDibatasiNol = "CAPAIAN_DIBATASI_NOL"
    /// A number in the file could not be read.
    case angkaTidakValid = "ANGKA_TIDAK_VALID"
    /// A number written with the other decimal mark than the rest of its column (`4.65` among `4,10`), read as the
    /// only number it can be.
    case pemisahDesimalBeda = "PEMISAH_DESIMAL_BEDA"
    /// Indicators without a sasaran (a government-wide IKU table) were grouped under "tanpa sasaran".
    case sasaranKosong = "SASARAN_KOSONG"

    /// The severity a finding of this code gets unless the check says otherwise.
    public var defaultSeverity: Severity {
        switch self {
        case .persenBeda, .jumlahBeda, .indukBeda, .capaianNegatifSalah, .angkaTidakValid: return .galat
        case .targetBeda, .realisasiKosong, .polaritasMeragukan, .sasaranKosong, .pemisahDesimalBeda:
            return .peringatan
        case .capaianDibatasiNol: return .info
        }
    }
}

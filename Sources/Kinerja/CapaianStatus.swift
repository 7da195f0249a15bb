/// Whether a capaian could be computed, and if not, why. Raw values are what `v_capaian.status` shows.
public enum CapaianStatus: String, Sendable, Codable, CaseIterable {
    /// Computed; `value` is set.
    case dihitung
    /// No realisasi (the cell was `-`, empty or `n/a`).
    case realisasiKosong = "realisasi_kosong"
    /// No target for this indicator and year.
    case targetKosong = "target_kosong"
    /// The target is zero, so no percentage of it exists.
    case targetNol = "target_nol"
    /// Realisasi is zero while the formula divides by it (`rasio` on a lower-is-better indicator).
    case realisasiNol = "realisasi_nol"
    /// Not computed yet: `v_capaian` shows a value that recompute has not seen (never a result of the rules).
    case belumDihitung = "belum_dihitung"
}

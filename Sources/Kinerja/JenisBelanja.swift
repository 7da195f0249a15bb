/// Jenis belanja (spending type): the top-level split of spending in a budget.
/// Raw values are the names printed in reports.
public enum JenisBelanja: String, Sendable, Codable, CaseIterable {
    // Permendagri 13/2006 (up to 2020).
    case tidakLangsung = "Belanja Tidak Langsung"
    case langsung = "Belanja Langsung"
    // Permendagri 90/2019 (from 2021).
    case operasi = "Belanja Operasi"
    case modal = "Belanja Modal"
    case tidakTerduga = "Belanja Tidak Terduga"
    case transfer = "Belanja Transfer"
}

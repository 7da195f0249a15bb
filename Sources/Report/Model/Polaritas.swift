/// Polaritas (polarity) of an indicator: whether a higher realisasi is better.
public enum Polaritas: String, Codable, Sendable, Equatable, CaseIterable {
    /// Higher is better: capaian = realisasi / target × 100.
    case positif
    /// Lower is better (e.g. a rank): capaian = (2 × target − realisasi) / target × 100, or target / realisasi.
    case negatif
}

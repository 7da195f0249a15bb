/// How capaian is computed for a lower-is-better (`negatif`) indicator.
public enum CapaianMethod: String, Sendable, Codable, CaseIterable {
    /// (2 × target − realisasi) / target × 100, PermenPAN-RB 8/2021 "kondisi khusus". The default.
    case standard
    /// target / realisasi × 100.
    case rasio

    /// As a finding names it.
    public var label: String {
        switch self {
        case .standard: "standar"
        case .rasio: "rasio"
        }
    }

    /// Reads the `metode` column; empty means `standard`.
    public static func parse(_ text: String) throws(ValueError) -> CapaianMethod {
        switch text.normalizedWords {
        case "", "standard", "standar", "default", "baku": return .standard
        case "rasio", "ratio": return .rasio
        default:
            throw ValueError(field: "metode", text: text, reason: "gunakan kosong (standar) atau 'rasio'")
        }
    }
}

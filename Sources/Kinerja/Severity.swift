/// How serious a temuan (finding) is. Raw values are what `v_temuan.tingkat` shows.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    /// An error: a figure is wrong or cannot be trusted.
    case galat
    /// A warning: probably wrong, needs a human look.
    case peringatan
    /// For information.
    case info

    /// Most serious first: galat < peringatan < info, so sorting puts errors on top.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .galat: return 0
        case .peringatan: return 1
        case .info: return 2
        }
    }
}

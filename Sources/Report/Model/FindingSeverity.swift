/// How serious a temuan is: galat (error), peringatan (warning) or info.
public enum FindingSeverity: String, Codable, Sendable, Equatable, CaseIterable {
    case galat
    case peringatan
    case info
}

/// An indicator left out of an average, with the reason (alasan).
public struct ExcludedIndicator: Codable, Sendable, Equatable {
    public var indikator: String
    public var alasan: String

    public init(indikator: String, alasan: String) {
        self.indikator = indikator
        self.alasan = alasan
    }
}

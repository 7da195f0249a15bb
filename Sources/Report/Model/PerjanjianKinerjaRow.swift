/// One indicator of the Perjanjian Kinerja (the year's performance agreement) with its promised target.
public struct PerjanjianKinerjaRow: Codable, Sendable, Equatable {
    /// The sasaran (strategic objective) the indicator measures.
    public var sasaran: String
    /// The indikator (indicator).
    public var indikator: String
    /// The satuan (unit), e.g. "kegiatan", "%".
    public var satuan: String
    /// The target as written in the agreement, e.g. "92%", "80-90".
    public var target: String

    public init(sasaran: String, indikator: String, satuan: String, target: String) {
        self.sasaran = sasaran
        self.indikator = indikator
        self.satuan = satuan
        self.target = target
    }
}

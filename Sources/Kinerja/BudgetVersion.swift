/// Versi (version) of a year's budget: `murni` (as first passed), `pergeseran` (shifted between lines within the
/// year) or `perubahan` (the amended budget, APBD-P). Raw values are what `anggaran.versi` stores.
public enum BudgetVersion: String, Sendable, Codable, CaseIterable {
    case murni
    case pergeseran
    case perubahan

    /// Reads the raw value; anything else fails naming the value and the versions there are.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = BudgetVersion(rawValue: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "versi \(text.debugDescription) tidak dikenal: gunakan murni, pergeseran atau "
                        + "perubahan"))
        }
        self = version
    }
}

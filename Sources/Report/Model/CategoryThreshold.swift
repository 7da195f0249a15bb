import Foundation

/// One band of a category scale: capaian at or above `minimum` (compared unrounded) gets `kategori`.
public struct CategoryThreshold: Codable, Sendable, Equatable {
    /// Lowest capaian in percent that reaches this band; `nil` for the catch-all lowest band.
    @ExactOptionalDecimal public var minimum: Decimal?
    public var kategori: String

    public init(minimum: Decimal?, kategori: String) {
        self.minimum = minimum
        self.kategori = kategori
    }
}

import Foundation

/// Summed anggaran and realisasi of a group of budget lines, and its penyerapan.
public struct AbsorptionTotal: Sendable, Equatable {
    public var anggaran: Decimal
    /// Sum of the realisasi that are known.
    public var realisasi: Decimal
    public var lineCount: Int
    /// Lines whose realisasi was missing; while any is, there is no percent.
    public var linesWithoutRealisasi: Int

    public init(anggaran: Decimal = 0, realisasi: Decimal = 0, lineCount: Int = 0, linesWithoutRealisasi: Int = 0) {
        self.anggaran = anggaran
        self.realisasi = realisasi
        self.lineCount = lineCount
        self.linesWithoutRealisasi = linesWithoutRealisasi
    }

    /// Penyerapan in percent, unrounded; nil when anggaran is 0 or a realisasi is missing
    /// (a partial sum would understate spending in a signed figure).
    public var percent: Decimal? {
        linesWithoutRealisasi > 0 ? nil : Absorption.percent(realisasi: realisasi, anggaran: anggaran)
    }

    mutating func add(anggaran: Decimal, realisasi: Decimal?) {
        self.anggaran += anggaran
        if let realisasi { self.realisasi += realisasi } else { linesWithoutRealisasi += 1 }
        lineCount += 1
    }
}

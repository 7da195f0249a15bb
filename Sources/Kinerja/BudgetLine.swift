import Foundation

/// One budget line: anggaran (budget) and realisasi (amount spent) under a code.
public struct BudgetLine: Sendable, Equatable {
    /// Program, kegiatan, sub kegiatan or account code; may be empty when the source had none.
    public var code: String
    public var name: String
    public var anggaran: Decimal
    /// Nil when the source left it empty; never read as zero.
    public var realisasi: Decimal?
    /// File and row, for findings.
    public var source: String?

    public init(code: String, name: String = "", anggaran: Decimal, realisasi: Decimal?, source: String? = nil) {
        self.code = code
        self.name = name
        self.anggaran = anggaran
        self.realisasi = realisasi
        self.source = source
    }
}

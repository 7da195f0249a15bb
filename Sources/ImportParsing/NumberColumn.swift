import Foundation
import Kinerja

/// Reads the numbers of one column, in the style the column uses.
///
/// Indonesian style (`1.464.186.757,50`) unless the column's first rows show US style (`2,278,222,167.00`)
/// unambiguously (`IndonesianNumber.detectStyle`). XLSX numeric cells come as machine numbers (`1464186757.5`):
/// in an XLSX file a cell that looks like one is read as one, except `267.338` (one to three digits, a dot, three
/// digits) in a money column, which no machine writes for money (two decimals at most) and which is therefore
/// read as Indonesian thousands grouping typed as text.
package struct NumberColumn {
    package let name: String
    package let percent: Bool
    package let money: Bool
    package let isXLSX: Bool
    package private(set) var style: NumberStyle = .indonesian

    package init(name: String, percent: Bool = false, money: Bool = false, isXLSX: Bool) {
        self.name = name
        self.percent = percent
        self.money = money
        self.isXLSX = isXLSX
    }

    /// Decides the style from the column's first cells.
    package mutating func detect(from samples: [String]) {
        let typed = isXLSX ? samples.filter { !Self.looksMachine($0) } : samples
        style = IndonesianNumber.detectStyle(typed) ?? .indonesian
    }

    /// The value, nil when the cell marks a missing value (`-`, empty, `n/a`).
    package func parse(_ text: String, percent forcePercent: Bool = false) throws(NumberError) -> Decimal? {
        if isXLSX, Self.looksMachine(text), !(money && Self.looksGrouped(text)) {
            return try IndonesianNumber.parseMachine(text)
        }
        return try IndonesianNumber.parse(text, style: style, percent: percent || forcePercent)
    }

    /// A money cell read without `Decimal` when it is a plain amount of this column's style (`PlainAmount`): an XLSX
    /// numeric cell's text first, then Indonesian text. `.other` sends the cell to `parse`, which reads it the same
    /// way or rejects it with its message.
    package func plainSen(_ bytes: UnsafeBufferPointer<UInt8>) -> PlainAmount {
        guard style == .indonesian else { return .other }
        if isXLSX {
            let machine = PlainAmount.readMachine(bytes)
            if machine != .other { return machine }
        }
        return PlainAmount.read(bytes)
    }

    /// `-12`, `1464186757.5`, `1.2E-3`: what an XLSX numeric cell holds.
    package static func looksMachine(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "-" { s = s.dropFirst() }
        if let e = s.firstIndex(where: { $0 == "E" || $0 == "e" }) {
            var exp = s[s.index(after: e)...]
            if exp.first == "-" || exp.first == "+" { exp = exp.dropFirst() }
            guard !exp.isEmpty, exp.allSatisfy(\.isASCIIDigit) else { return false }
            s = s[..<e]
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// `267.338`: one group of thousands.
    package static func looksGrouped(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && (1...3).contains(parts[0].count) && parts[1].count == 3
    }
}

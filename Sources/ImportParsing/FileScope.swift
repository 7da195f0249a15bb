import Foundation
import Kinerja
import Spreadsheet

/// The (tahun, OPD) a budget file names in its own rows, read by the producer before it enqueues.
///
/// A budget file holds one (tahun, OPD) (the handler rejects a second one), so its first data row names the scope.
/// Knowing it, "the same file again" is compared within that scope and not by file name, which many OPDs share
/// (every one exports `rka-2020.csv`).
package enum FileScope {
    /// Rows looked at for a row that names both; numbering and heading rows come first in some exports.
    package static let rowsLooked = 50

    package static func budget(path: String, sheet: String?) -> (tahun: Int, kodeOPD: String)? {
        guard let reader = try? SpreadsheetFile.open(path: path, sheet: sheet),
            var table = try? TableReader(
                reader: reader, matcher: BudgetColumns.matcher(tahunGiven: false, opdGiven: false))
        else { return nil }
        for _ in 0..<rowsLooked {
            guard let record = try? table.next() else { return nil }
            let tahun = record["tahun"].map { Blank.trim($0) } ?? ""
            let kode = record["kode_opd"].map { Blank.trim($0) } ?? ""
            if let year = Int(tahun), !kode.isEmpty { return (year, kode) }
        }
        return nil
    }
}

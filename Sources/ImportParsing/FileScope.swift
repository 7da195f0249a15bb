import Foundation
import Kinerja
import Spreadsheet

/// The (tahun, OPD) of a budget file's first line, read by the producer before it enqueues.
///
/// "The same file again" is compared within that scope and not by file name alone, which many OPDs share (every
/// one exports `rka-2020.csv`). A whole-government export holds more scopes after it; the import reads them all.
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

import Foundation
import Spreadsheet

/// What can be known of an import file before any worker runs: it is a file (not a folder), not empty, and the
/// readers take it as CSV or XLSX with a header they find and a first data row they can read. The messages are the
/// worker's own (`ImportProblem`), so an operator sees at enqueue what the job would have failed with later.
package enum ImportPrecheck {
    /// Rows read below the header: a wrong encoding or broken quoting usually shows in the first ones.
    static let rowsRead = 20

    /// What a file is checked as.
    /// `iku`: a performance file of the government's own indicators, which has no `kode_opd` column.
    package enum Kind { case budget, performance, iku }

    package static func check(path: String, sheet: String?, kind: Kind, matcher: HeaderMatcher) throws {
        let name = (path as NSString).lastPathComponent
        try checkFile(path: path)
        do {
            let reader = try SpreadsheetFile.open(path: path, displayName: name, sheet: sheet)
            var table = try TableReader(reader: reader, matcher: matcher)
            if kind == .iku, table.header.columns["kode_opd"] != nil { throw ImportProblem.ikuWithOPD(name) }
            var rows = 0
            while rows < rowsRead, try table.next() != nil { rows += 1 }
            if rows == 0 {
                throw kind == .budget
                    ? ImportProblem.noBudgetRows(name, headerRow: table.header.rowNumber)
                    : ImportProblem.noPerformanceRows(name)
            }
        } catch let error as SpreadsheetError {
            throw ImportProblem.spreadsheet(error)
        }
    }

    /// The file exists, is a file (not a folder), may be read, is not empty and not above `maxBytes`.
    package static func checkFile(path: String, maxBytes: Int? = nil) throws(ImportInputError) {
        let name = (path as NSString).lastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ImportInputError("\(path): berkas tidak ada")
        }
        if isFolder.boolValue {
            throw ImportInputError("\(path): ini folder, bukan berkas; sebutkan berkas di dalamnya")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ImportInputError("\(path): berkas tidak dapat dibaca (izin berkas)")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        if let maxBytes, size > maxBytes {
            throw ImportProblem.file(name, "berkas lebih besar dari \(maxBytes / 1024) kB")
        }
        if size == 0 { throw ImportProblem.file(name, "berkas kosong") }
    }
}

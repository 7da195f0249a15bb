import Foundation
import JobQueue
import Postgres
import Spreadsheet

/// An uploaded file copied from the database to a temporary file and opened for streaming. `close()` deletes the
/// copy; the worker's disk never keeps an import's data.
final class ImportSource {
    let path: String
    let displayName: String
    /// XLSX numeric cells arrive as machine numbers (`1464186757.5`), which `NumberColumn` reads differently.
    let isXLSX: Bool
    let reader: any RowReader

    init(args: ImportArgs, on conn: Connection) throws {
        guard try UploadStore.find(args.uploadID, on: conn) != nil else {
            throw PermanentJobError("\(args.fileName): unggahan \(args.uploadID) tidak ada lagi di basis data")
        }
        path = try UploadStore.materialize(args.uploadID, on: conn)
        displayName = args.fileName
        do {
            let head = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 4) ?? Data()
            isXLSX = head.starts(with: [0x50, 0x4B, 0x03, 0x04])
            // Typed-in values only would reject every SUM row; cached formula results are what the file shows.
            reader = try SpreadsheetFile.open(path: path, displayName: args.fileName, sheet: args.sheet)
        } catch let error as SpreadsheetError {
            try? FileManager.default.removeItem(atPath: path)
            throw ImportProblem.spreadsheet(error)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    func close() { try? FileManager.default.removeItem(atPath: path) }
}

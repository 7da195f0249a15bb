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
    private let sheet: String?
    /// The reader opened by `init` (which is how a file that is not CSV or XLSX fails early), handed to the first
    /// `makeReader()`.
    private var opened: (any RowReader)?

    init(args: ImportArgs, on conn: Connection) throws {
        guard try UploadStore.find(args.uploadID, on: conn) != nil else {
            throw PermanentJobError("\(args.fileName): unggahan \(args.uploadID) tidak ada lagi di basis data")
        }
        path = try UploadStore.materialize(args.uploadID, on: conn)
        displayName = args.fileName
        sheet = args.sheet
        do {
            let head = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 4) ?? Data()
            isXLSX = head.starts(with: [0x50, 0x4B, 0x03, 0x04])
            // Typed-in values only would reject every SUM row; cached formula results are what the file shows.
            opened = try SpreadsheetFile.open(path: path, displayName: args.fileName, sheet: args.sheet)
        } catch let error as SpreadsheetError {
            try? FileManager.default.removeItem(atPath: path)
            throw ImportProblem.spreadsheet(error)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    /// A reader at the start of the file; each call after the first opens the file again (a second pass).
    func makeReader() throws -> any RowReader {
        if let reader = opened.take() { return reader }
        do {
            return try SpreadsheetFile.open(path: path, displayName: displayName, sheet: sheet)
        } catch {
            throw ImportProblem.spreadsheet(error)
        }
    }

    func close() { try? FileManager.default.removeItem(atPath: path) }
}

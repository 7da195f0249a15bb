import Foundation
import ImportParsing
import JobQueue
import Postgres
import Producers
import Spreadsheet
import Stores

/// An uploaded file opened for streaming: a CSV file straight from the database (`UploadChunkStream`), an XLSX
/// file (whose ZIP directory needs random access) from a temporary copy that `close()` deletes; the worker's
/// disk never keeps an import's data.
final class ImportSource {
    private let path: String?
    let displayName: String
    /// XLSX numeric cells arrive as machine numbers (`1464186757.5`), which `NumberColumn` reads differently.
    let isXLSX: Bool
    private let uploadID: Int64
    private let conninfo: String
    private let sheet: String?
    /// Every read of the upload is checked against the job's SHA-256 and the sealed size.
    let integrity: UploadIntegrity
    /// The reader opened by `init` (which is how a file that is not CSV or XLSX fails early), handed to the first
    /// `makeReader()`.
    private var opened: (any RowReader)?

    /// The job's upload and what its reads are checked against: the SHA-256 of the job's arguments and the sealed
    /// size (jobs enqueued before sql/010 carry no size: the upload's row gives it).
    static func sealedUpload(_ args: ImportArgs, on conn: Connection) throws -> (UploadStore.Upload, UploadIntegrity) {
        guard let upload = try UploadStore.find(args.uploadID, on: conn) else {
            throw PermanentJobError("\(args.fileName): unggahan \(args.uploadID) tidak ada lagi di basis data")
        }
        let integrity = UploadIntegrity(
            uploadID: upload.id, fileName: args.fileName, sha256: args.sha256,
            sizeBytes: args.sizeBytes ?? upload.sizeBytes)
        return (upload, integrity)
    }

    init(args: ImportArgs, on conn: Connection) throws {
        integrity = try Self.sealedUpload(args, on: conn).1
        displayName = args.fileName
        uploadID = args.uploadID
        conninfo = conn.conninfo
        sheet = args.sheet
        let head = try conn.withBinaryValue(
            """
            SELECT substring(data FROM 1 FOR 4) FROM kinerja.upload_chunks
            WHERE upload_id = \(args.uploadID) AND seq = 0
            """
        ) { $0.map { Array($0) } }
        isXLSX = head == [0x50, 0x4B, 0x03, 0x04]
        path = isXLSX ? try UploadStore.materialize(args.uploadID, integrity: integrity, on: conn) : nil
        do {
            opened = try makeReader()
        } catch {
            close()
            // Bytes that differ from the job's are the cause, whatever the reader made of them.
            try integrity.check(readWhole: false)
            throw error
        }
    }

    /// A reader at the start of the file; each call after the first opens the file again (a second pass).
    func makeReader() throws -> any RowReader {
        if let reader = opened.take() { return reader }
        do {
            if let path {
                // Typed-in values only would reject every SUM row; cached formula results are what the file shows.
                return try SpreadsheetFile.open(path: path, displayName: displayName, sheet: sheet)
            }
            return try SpreadsheetFile.open(
                chunks: UploadChunkStream(uploadID: uploadID, conninfo: conninfo, integrity: integrity),
                displayName: displayName)
        } catch {
            throw ImportProblem.spreadsheet(error)
        }
    }

    /// The rows the whole file holds, estimated from the rows parsed and how far through the upload the stream is;
    /// nil for XLSX (its bytes are compressed) and before the first megabyte or so, when the guess would be wild.
    func estimatedRows(after rows: Int) -> Int64? {
        let fraction = integrity.fractionRead
        guard !isXLSX, rows > 0, fraction >= 0.01 else { return nil }
        return max(Int64(rows), Int64((Double(rows) / fraction).rounded()))
    }

    func close() {
        if let path { try? FileManager.default.removeItem(atPath: path) }
    }
}

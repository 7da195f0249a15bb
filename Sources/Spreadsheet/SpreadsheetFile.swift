import Foundation

/// Opens CSV and XLSX files for streaming, telling the kind by the content rather than the file name.
public enum SpreadsheetFile {
    /// Opens the file at `path`. `displayName` (default: the file name) is used in errors; `sheet` picks an
    /// XLSX sheet by name (default: the first visible one) and is ignored for CSV.
    public static func open(
        path: String, displayName: String? = nil, sheet: String? = nil,
        options: ReaderOptions = .init()
    ) throws(SpreadsheetError) -> any RowReader {
        let name = displayName ?? URL(fileURLWithPath: path).lastPathComponent
        let handle: FileHandle
        let head: Data
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            head = try handle.read(upToCount: sniffLength) ?? Data()
            try handle.seek(toOffset: 0)
        } catch {
            throw SpreadsheetError(.unreadable, file: name, message: "berkas tidak dapat dibuka: \(error)")
        }
        if try kind(of: head, name: name) == .xlsx {
            try? handle.close()
            return try XLSXWorkbook(
                source: .file(URL(fileURLWithPath: path)), displayName: name,
                maxSmallPartBytes: options.maxSmallPartBytes
            )
            .reader(sheet: sheet, options: options)
        }
        return try CSVReader(source: FileChunkSource(handle: handle), displayName: name, options: options)
    }

    /// Opens a file held in memory (e.g. bytes stored in the database), without a temporary file.
    /// The bytes are shared, not copied; XLSX parts are decompressed in chunks from them.
    public static func open(
        data: Data, displayName: String, sheet: String? = nil,
        options: ReaderOptions = .init()
    ) throws(SpreadsheetError) -> any RowReader {
        if try kind(of: data.prefix(sniffLength), name: displayName) == .xlsx {
            return try XLSXWorkbook(
                source: .data(data), displayName: displayName, maxSmallPartBytes: options.maxSmallPartBytes
            )
            .reader(sheet: sheet, options: options)
        }
        return try CSVReader(source: DataChunkSource(data: data), displayName: displayName, options: options)
    }

    /// Opens a CSV file delivered in chunks (e.g. read from the database by another thread), without a temporary
    /// file. XLSX needs random access to its ZIP directory: open it from a file or from `Data`.
    public static func open(
        chunks source: any ChunkSource, displayName: String, options: ReaderOptions = .init()
    ) throws(SpreadsheetError) -> any RowReader {
        let first: Data
        do {
            first = try source.nextChunk() ?? Data()
        } catch {
            throw SpreadsheetError(.unreadable, file: displayName, message: "berkas tidak dapat dibaca: \(error)")
        }
        if try kind(of: first.prefix(sniffLength), name: displayName) == .xlsx {
            throw SpreadsheetError(
                .unreadable, file: displayName, message: "berkas XLSX harus dibuka dari berkas atau dari memori")
        }
        return try CSVReader(
            source: PrependedChunkSource(first, then: source), displayName: displayName, options: options)
    }

    private enum Kind { case csv, xlsx }

    private static let sniffLength = 64 * 1024

    /// Recognises XLSX by the ZIP signature and rejects inputs that are clearly not CSV, with a hint for each.
    private static func kind(of head: Data, name: String) throws(SpreadsheetError) -> Kind {
        let bytes = [UInt8](head)
        func reject(_ kind: SpreadsheetError.Kind, _ message: String) -> SpreadsheetError {
            SpreadsheetError(kind, file: name, message: message)
        }
        if bytes.isEmpty { throw reject(.emptyFile, "berkas kosong") }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw reject(.oldBinaryXLS, "berkas .xls biner lama: simpan sebagai XLSX atau CSV")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw reject(.unsupportedEncoding, "teks UTF-16: simpan sebagai CSV UTF-8 (atau XLSX)")
        }
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let opening = String(decoding: bytes[start...].prefix(16), as: UTF8.self).lowercased()
        if ["<html", "<!doctype html", "<table"].contains(where: opening.hasPrefix) {
            throw reject(
                .html,
                "berkas HTML, bukan lembar kerja (sering .xls hasil ekspor aplikasi web): "
                    + "buka di program lembar kerja lalu simpan sebagai XLSX atau CSV")
        }
        // Text never has NUL and has few other control bytes; tab, LF, CR and form feed are fine.
        let controls = bytes.lazy.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains($0) }.count
        if bytes.contains(0) || controls * 100 > bytes.count {
            throw reject(.binaryData, "data biner, bukan CSV")
        }
        if bytes.count == start { throw reject(.emptyFile, "berkas kosong (hanya baris kosong)") }
        return .csv
    }
}

import Foundation
import Spreadsheet

/// Paths of the committed fixture files and helpers to read them whole.
enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }

    static func rows(
        _ name: String, sheet: String? = nil,
        options: ReaderOptions = .init()
    ) throws -> [SheetRow] {
        var reader = try SpreadsheetFile.open(path: path(name), sheet: sheet, options: options)
        return try readAll(&reader)
    }

    static func rows(data: Data, options: ReaderOptions = .init()) throws -> [SheetRow] {
        var reader = try SpreadsheetFile.open(data: data, displayName: "memory.csv", options: options)
        return try readAll(&reader)
    }

    static func readAll(_ reader: inout any RowReader) throws -> [SheetRow] {
        var rows: [SheetRow] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    /// Writes a temporary file piece by piece (so big inputs never sit in memory whole) and returns its URL.
    static func temporaryFile(_ write: (FileHandle) throws -> Void) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kinerja-\(UUID()).csv")
        try Data().write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try write(handle)
        return url
    }

    /// A CSV file of `head`, then `megabytes` MiB of `byte`, then `tail`, read whole: the SpreadsheetError, or nil.
    static func errorReadingBigRow(head: String, byte: UInt8, megabytes: Int, tail: String, name: String)
        throws -> SpreadsheetError?
    {
        let url = try temporaryFile { handle in
            try handle.write(contentsOf: Data(head.utf8))
            let megabyte = Data(repeating: byte, count: 1 << 20)
            for _ in 0..<megabytes { try handle.write(contentsOf: megabyte) }
            try handle.write(contentsOf: Data(tail.utf8))
        }
        defer { try? FileManager.default.removeItem(at: url) }
        return error {
            var reader = try SpreadsheetFile.open(path: url.path, displayName: name)
            _ = try readAll(&reader)
        }
    }

    /// Runs `body` and returns the SpreadsheetError it throws, or nil.
    static func error(_ body: () throws -> Void) -> SpreadsheetError? {
        do {
            try body()
            return nil
        } catch {
            return error as? SpreadsheetError
        }
    }
}

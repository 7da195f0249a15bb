import Foundation
import ZIPFoundation

/// Turns a generated SIPD-style CSV export (`SIPDExportGenerator`) into the XLSX a finance office would send: one
/// sheet, text in shared strings, amounts as numeric cells (`1464186757.5`) or, with `amountsAsText`, as the
/// Indonesian text of the CSV. For benchmarks of the XLSX import against the CSV one on the same lines.
package enum XLSXExportWriter {
    /// Columns whose cells are amounts (0-based, as `SIPDExportGenerator.header` lists them).
    static let amountColumns: Set<Int> = [8, 9]

    package static func convert(csv: String, to path: String, amountsAsText: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kinerja-xlsx-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        for part in ["_rels", "xl/_rels", "xl/worksheets"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(part), withIntermediateDirectories: true)
        }
        let strings = try writeSheet(
            csv: csv, to: folder.appendingPathComponent("xl/worksheets/sheet1.xml"), amountsAsText: amountsAsText)
        var shared =
            "\(xmlHeader)<sst xmlns=\"\(mainNamespace)\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
        for text in strings { shared += "<si><t>\(escape(text))</t></si>" }
        shared += "</sst>"
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes), ("_rels/.rels", rootRelationships), ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbookRelationships), ("xl/sharedStrings.xml", shared),
        ]
        for (name, text) in parts { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for name in parts.map(\.0) + ["xl/worksheets/sheet1.xml"] {
            try archive.addEntry(with: name, relativeTo: folder, compressionMethod: .deflate)
        }
    }

    /// Writes the sheet part row by row; returns the shared strings in index order.
    private static func writeSheet(csv: String, to url: URL, amountsAsText: Bool) throws -> [String] {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let out = FileHandle(forWritingAtPath: url.path), let input = FileHandle(forReadingAtPath: csv)
        else { throw CocoaError(.fileWriteUnknown) }
        defer {
            try? out.close()
            try? input.close()
        }
        var index: [String: Int] = [:]
        var strings: [String] = []
        var buffer = "\(xmlHeader)<worksheet xmlns=\"\(mainNamespace)\"><sheetData>"
        var row = 0
        var pending = Data()
        func emit(_ line: Substring) {
            row += 1
            buffer += "<row r=\"\(row)\">"
            for (column, cell) in cells(line).enumerated() where !cell.isEmpty {
                let reference = "\(letters(column))\(row)"
                if row > 1, amountColumns.contains(column), !amountsAsText {
                    buffer += "<c r=\"\(reference)\"><v>\(machineNumber(cell))</v></c>"
                } else {
                    let id = index[cell] ?? strings.count
                    if id == strings.count {
                        index[cell] = id
                        strings.append(cell)
                    }
                    buffer += "<c r=\"\(reference)\" t=\"s\"><v>\(id)</v></c>"
                }
            }
            buffer += "</row>"
        }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(chunk)
            guard let last = pending.lastIndex(of: 0x0A) else { continue }
            let text = String(decoding: pending[..<last], as: UTF8.self)
            pending = Data(pending[(last + 1)...])
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) { emit(line) }
            try out.write(contentsOf: Data(buffer.utf8))
            buffer = ""
        }
        if !pending.isEmpty { emit(Substring(String(decoding: pending, as: UTF8.self))) }
        buffer += "</sheetData></worksheet>"
        try out.write(contentsOf: Data(buffer.utf8))
        return strings
    }

    /// The cells of a generated line: `,`-separated, a quoted cell holds no quote.
    private static func cells(_ line: Substring) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        cells.append(current)
        return cells
    }

    /// `1.464.186.757,50` → `1464186757.50`: what a numeric cell stores.
    private static func machineNumber(_ text: String) -> String {
        text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
    }

    private static func letters(_ column: Int) -> String {
        var n = column + 1
        var out = ""
        while n > 0 {
            out = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + out
            n = (n - 1) / 26
        }
        return out
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    static let xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let contentTypes = """
        \(xmlHeader)<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/sharedStrings.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
        """
    static let rootRelationships = """
        \(xmlHeader)<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """
    static let workbook = """
        \(xmlHeader)<workbook xmlns="\(mainNamespace)" xmlns:r="\(relationships)"><sheets>\
        <sheet name="Realisasi" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    static let workbookRelationships = """
        \(xmlHeader)<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationships)/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="\(relationships)/sharedStrings" Target="sharedStrings.xml"/></Relationships>
        """
}

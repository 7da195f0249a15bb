import Foundation
import ZIPFoundation

/// Finds a worksheet inside an XLSX package and prepares a streaming reader for it.
///
/// Follows the package relationships (`_rels/.rels` → workbook → `xl/_rels/workbook.xml.rels` → sheet part)
/// rather than guessing `sheet1.xml`, since sheet part names need not follow sheet order.
struct XLSXWorkbook {
    private struct Sheet {
        let name: String
        let relationship: String
        let hidden: Bool
    }

    private let source: ArchiveSource
    private let archive: Archive
    private let displayName: String
    private let maxSmallPartBytes: Int

    init(source: ArchiveSource, displayName: String, maxSmallPartBytes: Int) throws(SpreadsheetError) {
        self.source = source
        self.displayName = displayName
        self.maxSmallPartBytes = maxSmallPartBytes
        do {
            archive = try source.open()
        } catch {
            throw SpreadsheetError(
                .corruptArchive, file: displayName,
                message: "berkas XLSX rusak atau terpotong (bukan arsip ZIP yang dapat dibaca); "
                    + "simpan atau unduh ulang")
        }
    }

    /// A reader for the sheet named `sheetName` (case-insensitive), or the first visible sheet.
    func reader(sheet sheetName: String?, options: ReaderOptions) throws(SpreadsheetError) -> XLSXReader {
        do {
            let workbookPath = try officeDocumentPath()
            guard archive[workbookPath] != nil else { throw notAWorkbook() }
            let sheets = try parseSheets(workbookPath)
            let relationships = try parseRelationships(Self.relationshipsPath(of: workbookPath))
            let sheet = try choose(sheetName, from: sheets)
            let part = relationships[sheet.relationship].map { Self.resolve($0.target, relativeTo: workbookPath) }
            guard let part, archive[part] != nil else {
                throw SpreadsheetError(
                    .notAWorkbook, file: displayName,
                    message: "bagian untuk sheet \"\(sheet.name)\" tidak ada di berkas XLSX")
            }
            let strings = try sharedStrings(
                relationships.values.first { $0.type.hasSuffix("/sharedStrings") }
                    .map { Self.resolve($0.target, relativeTo: workbookPath) }, options: options)
            let percent = try percentStyles(
                relationships.values.first { $0.type.hasSuffix("/styles") }
                    .map { Self.resolve($0.target, relativeTo: workbookPath) })
            return XLSXReader(
                stream: ZipEntryStream(
                    archive: source, entry: part, maxBytes: options.maxSheetBytes, displayName: displayName),
                part: part,
                sharedStrings: strings, percentStyles: percent, displayName: displayName, options: options)
        } catch let error as SpreadsheetError {
            throw error
        } catch let error as XMLSyntaxError {
            throw SpreadsheetError(.malformedXML, file: displayName, message: "XML workbook rusak: \(error)")
        } catch {
            throw SpreadsheetError(
                .corruptArchive, file: displayName,
                message: "berkas XLSX rusak atau terpotong (\(error)); simpan ulang")
        }
    }

    private func officeDocumentPath() throws -> String {
        let root = try parseRelationships("_rels/.rels")
        let target = root.values.first { $0.type.hasSuffix("/officeDocument") }?.target
        return target.map { Self.resolve($0, relativeTo: "") } ?? "xl/workbook.xml"
    }

    private func parseSheets(_ path: String) throws -> [Sheet] {
        var parser = try smallPart(path)
        var sheets: [Sheet] = []
        while true {
            switch try parser.next() {
            case .start where parser.nameIs(Array("sheet".utf8)):
                sheets.append(
                    Sheet(
                        name: parser.attribute(Array("name".utf8)) ?? "",
                        relationship: parser.attribute(Array("id".utf8)) ?? "",
                        hidden: parser.attribute(Array("state".utf8)).map { $0 != "visible" } ?? false))
            case .endOfDocument: return sheets
            default: continue
            }
        }
    }

    /// Relationship id → (type, target) of a `.rels` part; empty when the part is absent.
    private func parseRelationships(_ path: String) throws -> [String: (type: String, target: String)] {
        guard archive[path] != nil else { return [:] }
        var parser = try smallPart(path)
        var relationships: [String: (type: String, target: String)] = [:]
        while true {
            switch try parser.next() {
            case .start where parser.nameIs(Array("Relationship".utf8)):
                if let id = parser.attribute(Array("Id".utf8)), let target = parser.attribute(Array("Target".utf8)) {
                    relationships[id] = (parser.attribute(Array("Type".utf8)) ?? "", target)
                }
            case .endOfDocument: return relationships
            default: continue
            }
        }
    }

    private func choose(_ name: String?, from sheets: [Sheet]) throws(SpreadsheetError) -> Sheet {
        let found: Sheet?
        if let name {
            let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
            found =
                sheets.first { $0.name == name }
                ?? sheets.first { $0.name.trimmingCharacters(in: .whitespaces).lowercased() == wanted }
        } else {
            found = sheets.first { !$0.hidden } ?? sheets.first
        }
        guard let found else {
            let list = sheets.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw SpreadsheetError(
                .sheetNotFound, file: displayName, text: name,
                message: name == nil
                    ? "workbook tidak memiliki sheet"
                    : "tidak ada sheet dengan nama ini; sheet yang ada: \(list)")
        }
        return found
    }

    /// Shared strings are held in memory (cells refer to them by index); rich-text runs are concatenated and
    /// phonetic hints (`<rPh>`) left out.
    private func sharedStrings(_ relationshipPath: String?, options: ReaderOptions) throws -> [String] {
        let path = relationshipPath ?? "xl/sharedStrings.xml"
        guard archive[path] != nil else { return [] }
        var parser = XMLPullParser(
            source: ZipEntryStream(
                archive: source, entry: path, maxBytes: options.maxSheetBytes, displayName: displayName),
            maxTokenBytes: options.maxCellBytes + 4096)
        var strings: [String] = []
        var bytes = 0
        var current: [UInt8] = []
        var inText = false
        var inPhonetic = false
        while true {
            switch try parser.next() {
            case .start:
                if parser.nameIs(Array("si".utf8)) { current.removeAll(keepingCapacity: true) }
                if parser.nameIs(Array("rPh".utf8)) { inPhonetic = true }
                if parser.nameIs(Array("t".utf8)) { inText = !inPhonetic }
            case .text where inText:
                parser.appendText(to: &current)
            case .end:
                if parser.nameIs(Array("si".utf8)) {
                    strings.append(OOXMLEscape.unescape(String(decoding: current, as: UTF8.self)))
                    bytes += current.count
                    if strings.count > options.maxSharedStrings || bytes > options.maxSharedStringBytes {
                        throw SpreadsheetError(
                            .tooLarge, file: displayName,
                            message:
                                "lebih dari \(options.maxSharedStrings) teks bersama atau \(SpreadsheetError.size(Int64(options.maxSharedStringBytes))) "
                                + "teks di \(path) (bom zip atau berkas rusak)")
                    }
                }
                if parser.nameIs(Array("rPh".utf8)) { inPhonetic = false }
                if parser.nameIs(Array("t".utf8)) { inText = false }
            case .endOfDocument:
                return strings
            default:
                continue
            }
        }
    }

    /// The cell formats (indexes into `cellXfs`, a cell's `s`) that show a number as a percentage, with the
    /// decimals they show: the built-in `0%` and `0.00%` (9, 10) and custom formats with a `%` outside quotes. Such
    /// a cell stores 0.9551 for 95,51%.
    private func percentStyles(_ path: String?) throws -> [Int: Int] {
        guard let path, archive[path] != nil else { return [:] }
        var parser = try smallPart(path)
        var percentFormats: [Int: Int] = [9: 0, 10: 2]
        var styles: [Int: Int] = [:]
        var inCellXfs = false
        var index = 0
        while true {
            switch try parser.next() {
            case .start where parser.nameIs(Array("numFmt".utf8)):
                let code = parser.attribute(Array("formatCode".utf8)) ?? ""
                if let id = parser.attribute(Array("numFmtId".utf8)).flatMap({ Int($0) }), Self.isPercentFormat(code) {
                    percentFormats[id] = Self.decimals(ofFormat: code)
                }
            case .start where parser.nameIs(Array("cellXfs".utf8)):
                inCellXfs = true
            case .end where parser.nameIs(Array("cellXfs".utf8)):
                inCellXfs = false
            case .start where inCellXfs && parser.nameIs(Array("xf".utf8)):
                let format = parser.attribute(Array("numFmtId".utf8)).flatMap { Int($0) } ?? 0
                if let decimals = percentFormats[format] { styles[index] = decimals }
                index += 1
            case .endOfDocument:
                return styles
            default:
                continue
            }
        }
    }

    /// A number format code that multiplies by 100: a `%` that is not quoted (`"%"`) or escaped (`\%`).
    static func isPercentFormat(_ code: String) -> Bool {
        var quoted = false
        var escaped = false
        for character in code {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == "%" && !quoted {
                return true
            }
        }
        return false
    }

    /// The decimals a number format shows: the placeholders (`0`, `#`, `?`) after the point of its first section.
    static func decimals(ofFormat code: String) -> Int {
        let section = code.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
        var quoted = false
        var afterPoint = false
        var count = 0
        for character in section {
            if character == "\"" {
                quoted.toggle()
            } else if quoted {
                continue
            } else if character == "." && !afterPoint {
                afterPoint = true
            } else if afterPoint && "0#?".contains(character) {
                count += 1
            } else if afterPoint {
                break
            }
        }
        return count
    }

    /// A parser over a small part read into memory.
    private func smallPart(_ path: String) throws -> XMLPullParser {
        guard let entry = archive[path] else { throw notAWorkbook() }
        var data = Data()
        let limit = maxSmallPartBytes
        let name = displayName
        _ = try archive.extract(entry) { chunk in
            data.append(chunk)
            if data.count > limit {
                throw SpreadsheetError(
                    .tooLarge, file: name,
                    message:
                        "bagian \(path) lebih besar dari \(SpreadsheetError.size(Int64(limit))) setelah didekompresi (bom zip atau berkas rusak)"
                )
            }
        }
        return XMLPullParser(source: DataChunkSource(data: data), maxTokenBytes: 16 << 20)
    }

    private func notAWorkbook() -> SpreadsheetError {
        var isODS = false
        if let entry = archive["mimetype"] {
            var data = Data()
            _ = try? archive.extract(entry) { data.append($0) }
            isODS = String(decoding: data, as: UTF8.self).contains("opendocument")
        }
        return SpreadsheetError(
            .notAWorkbook, file: displayName,
            message: isODS
                ? "berkas OpenDocument (.ods), bukan XLSX: simpan sebagai XLSX atau CSV"
                : "berkas ZIP yang bukan workbook XLSX (tidak ada bagian workbook)")
    }

    /// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    private static func relationshipsPath(of part: String) -> String {
        let slash = part.lastIndex(of: "/")
        let directory = slash.map { String(part[...$0]) } ?? ""
        let file = slash.map { String(part[part.index(after: $0)...]) } ?? part
        return directory + "_rels/" + file + ".rels"
    }

    /// Resolves a relationship target against the part that holds the relationship.
    private static func resolve(_ target: String, relativeTo part: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var components = part.split(separator: "/").dropLast().map(String.init)
        for component in target.split(separator: "/") {
            if component == ".." {
                _ = components.popLast()
            } else if component != "." {
                components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }
}

import Foundation

/// Streams the rows of one worksheet part, turning cells into their text.
///
/// Numbers come back as the exact text stored in the file (`1464186757.5`, `1.2E-3`), never through `Double`;
/// date-formatted cells come back as their serial number text; a number formatted as a percentage comes back as the
/// percentage the sheet shows (`95.51` for a stored 0.9551), so a percent column reads the same from CSV and from
/// XLSX. Shared strings are resolved, booleans become
/// `TRUE`/`FALSE`, error cells their code (`#DIV/0!`), formula cells follow `ReaderOptions.formulaPolicy`.
final class XLSXReader: RowReader {
    private enum Name {
        static let row = Array("row".utf8), cell = Array("c".utf8), value = Array("v".utf8)
        static let formula = Array("f".utf8), inline = Array("is".utf8), text = Array("t".utf8)
        static let phonetic = Array("rPh".utf8), reference = Array("r".utf8), type = Array("t".utf8)
        static let style = Array("s".utf8)
    }

    let displayName: String
    private let part: String
    /// Moved out into a local while a row is read (`next`): as a stored property of this class every access to it
    /// was checked for exclusivity at run time or copied it, a quarter of an XLSX import's time.
    private var parser: XMLPullParser?
    private let sharedStrings: [String]
    /// Cell format indexes that show numbers as percentages, with the decimals shown (`XLSXWorkbook.percentStyles`).
    private let percentStyles: [Int: Int]
    private let options: ReaderOptions
    private var rowNumber = 0
    private var column: Int?
    private var done = false

    init(
        stream: ZipEntryStream, part: String, sharedStrings: [String], percentStyles: [Int: Int] = [:],
        displayName: String, options: ReaderOptions
    ) {
        self.parser = XMLPullParser(source: stream, maxTokenBytes: options.maxCellBytes + 4096)
        self.part = part
        self.sharedStrings = sharedStrings
        self.percentStyles = percentStyles
        self.displayName = displayName
        self.options = options
    }

    func next() throws(SpreadsheetError) -> SheetRow? {
        guard !done, var parser = parser.take() else { return nil }
        defer { self.parser = parser }
        column = nil
        do {
            while true {
                switch try parser.next() {
                case .endOfDocument:
                    done = true
                    return nil
                case .start where parser.nameIs(Name.row):
                    return try readRow(&parser)
                default:
                    continue
                }
            }
        } catch let error as SpreadsheetError {
            throw error
        } catch let error as XMLSyntaxError {
            throw failure(.malformedXML, "XML sheet rusak di \(part): \(error)")
        } catch {
            throw failure(.corruptArchive, "berkas XLSX rusak atau terpotong (\(error)); simpan ulang")
        }
    }

    private func readRow(_ parser: inout XMLPullParser) throws -> SheetRow {
        let number = parser.rawAttribute(Name.reference).flatMap { Int(String(decoding: $0, as: UTF8.self)) }
        rowNumber = number ?? rowNumber + 1
        var cells: [String] = []
        var rowBytes = 0
        var nextColumn = 1
        while true {
            switch try parser.next() {
            case .start where parser.nameIs(Name.cell):
                let reference = parser.rawAttribute(Name.reference)
                let cellColumn = reference.flatMap { CellReference.column(ofReference: $0) } ?? nextColumn
                column = cellColumn
                guard cellColumn <= options.maxCellsPerRow else {
                    throw failure(
                        .tooLarge,
                        "sel di kolom \(cellColumn), di luar \(options.maxCellsPerRow) kolom lembar kerja; berkas rusak"
                    )
                }
                guard cellColumn >= nextColumn else {
                    throw failure(
                        .malformedXML,
                        "sel \(CellReference.letters(cellColumn))\(rowNumber) tidak berurutan "
                            + "di \(part)")
                }
                let type = parser.rawAttribute(Name.type).map { String(decoding: $0, as: UTF8.self) }
                let percentDecimals =
                    percentStyles.isEmpty
                    ? nil
                    : parser.rawAttribute(Name.style).flatMap { Int(String(decoding: $0, as: UTF8.self)) }
                        .flatMap { percentStyles[$0] }
                let text = try readCell(&parser, type: type, percentDecimals: percentDecimals)
                if !text.isEmpty {
                    cells.append(contentsOf: repeatElement("", count: cellColumn - 1 - cells.count))
                    cells.append(text)
                    rowBytes += text.utf8.count
                    if rowBytes > options.maxRowBytes {
                        throw failure(
                            .tooLarge,
                            "baris lebih besar dari \(options.maxRowBytes) bita; berkas rusak atau bukan ekspor anggaran"
                        )
                    }
                }
                nextColumn = cellColumn + 1
                column = nil
            case .end where parser.nameIs(Name.row):
                return SheetRow(number: rowNumber, cells: cells)
            case .endOfDocument:
                throw failure(.malformedXML, "\(part) berakhir di tengah baris (berkas terpotong?)")
            default:
                continue
            }
        }
    }

    /// Reads up to `</c>` and returns the cell's text.
    private func readCell(_ parser: inout XMLPullParser, type: String?, percentDecimals: Int?) throws -> String {
        var value: [UInt8]?
        var inline: [UInt8] = []
        var formula: [UInt8]?
        var target = Target.none
        var inInline = false
        var inPhonetic = false
        loop: while true {
            switch try parser.next() {
            case .start:
                if parser.nameIs(Name.value) {
                    value = value ?? []
                    target = .value
                } else if parser.nameIs(Name.formula) {
                    formula = formula ?? []
                    target = .formula
                } else if parser.nameIs(Name.inline) {
                    inInline = true
                } else if parser.nameIs(Name.phonetic) {
                    inPhonetic = true
                } else if parser.nameIs(Name.text) && inInline && !inPhonetic {
                    target = .inline
                }
            case .text:
                switch target {
                case .value: parser.appendText(to: &value!)
                case .formula: parser.appendText(to: &formula!)
                case .inline: parser.appendText(to: &inline)
                case .none: break
                }
                if (value?.count ?? 0) + inline.count > options.maxCellBytes {
                    throw failure(.cellTooLarge, "sel lebih besar dari \(options.maxCellBytes) bita")
                }
            case .end:
                if parser.nameIs(Name.cell) { break loop }
                if parser.nameIs(Name.phonetic) { inPhonetic = false }
                if parser.nameIs(Name.inline) { inInline = false }
                target = .none
            case .endOfDocument:
                throw failure(.malformedXML, "\(part) berakhir di tengah sel (berkas terpotong?)")
            }
        }
        if let formula {
            let shown = "=" + String(decoding: formula, as: UTF8.self)
            if options.formulaPolicy == .reject {
                throw failure(
                    .formulaRejected, "sel berisi rumus tidak diterima; tulis nilainya",
                    text: shown)
            }
            if value == nil {
                throw failure(
                    .missingFormulaValue,
                    "rumus tidak memiliki hasil tersimpan; buka berkas di program lembar "
                        + "kerja lalu simpan ulang", text: shown)
            }
        }
        let raw = String(decoding: value ?? [], as: UTF8.self)
        switch type {
        case "s":
            guard let index = Int(raw), sharedStrings.indices.contains(index) else {
                throw failure(.malformedXML, "indeks shared string tidak ada atau di luar rentang", text: raw)
            }
            return sharedStrings[index]
        case "inlineStr": return OOXMLEscape.unescape(String(decoding: inline, as: UTF8.self))
        case "str": return OOXMLEscape.unescape(raw)
        case "b": return raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw
        case nil, "n":
            guard let percentDecimals, !raw.isEmpty else { return raw }
            return Self.shownPercent(raw, decimals: percentDecimals)
        default: return raw  // "e" (error code like #DIV/0!), "d" (ISO date text)
        }
    }

    private enum Target { case none, value, formula, inline }

    /// The percentage a cell formatted with `decimals` shows for a stored number: × 100, rounded half up
    /// (`0.95509999999999995` with `0.00%` → `95.51`, as the sheet prints it: a formula's result is stored with all
    /// its digits). `Decimal` is exact in base ten for these; text it cannot read stays as it is.
    static func shownPercent(_ raw: String, decimals: Int) -> String {
        guard var value = Decimal(string: raw, locale: Locale(identifier: "en_US_POSIX")).map({ $0 * 100 }) else {
            return raw
        }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, decimals, .plain)
        return "\(rounded)"
    }

    private func failure(_ kind: SpreadsheetError.Kind, _ message: String, text: String? = nil) -> SpreadsheetError {
        SpreadsheetError(
            kind, file: displayName, row: rowNumber == 0 ? nil : rowNumber, column: column, text: text,
            message: message)
    }
}

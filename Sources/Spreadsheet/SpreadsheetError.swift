/// A problem with an input file, located as precisely as known: file, row, column and offending text.
///
/// `description` reads like `budget.csv row 7, column 3 (anggaran): not a number: "12,3,4"`.
public struct SpreadsheetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, comparable in tests and switchable by callers; new kinds can be added later.
    public struct Kind: Sendable, Equatable, CustomStringConvertible {
        private enum Code: String, Sendable {
            case unreadable, emptyFile, oldBinaryXLS, html, binaryData, unsupportedEncoding
            case unterminatedQuote, malformedQuote, cellTooLarge
            case corruptArchive, notAWorkbook, sheetNotFound, malformedXML, formulaRejected, missingFormulaValue
            case headerNotFound, invalidValue, tooLarge
        }
        private let code: Code
        private init(_ code: Code) { self.code = code }
        public var description: String { code.rawValue }

        public static let unreadable = Kind(.unreadable)
        public static let emptyFile = Kind(.emptyFile)
        public static let oldBinaryXLS = Kind(.oldBinaryXLS)
        public static let html = Kind(.html)
        public static let binaryData = Kind(.binaryData)
        public static let unsupportedEncoding = Kind(.unsupportedEncoding)
        public static let unterminatedQuote = Kind(.unterminatedQuote)
        public static let malformedQuote = Kind(.malformedQuote)
        public static let cellTooLarge = Kind(.cellTooLarge)
        public static let corruptArchive = Kind(.corruptArchive)
        public static let notAWorkbook = Kind(.notAWorkbook)
        public static let sheetNotFound = Kind(.sheetNotFound)
        public static let malformedXML = Kind(.malformedXML)
        public static let formulaRejected = Kind(.formulaRejected)
        public static let missingFormulaValue = Kind(.missingFormulaValue)
        public static let headerNotFound = Kind(.headerNotFound)
        /// Past one of `ReaderOptions`' limits (cells or bytes in a row, a part's size, shared strings).
        public static let tooLarge = Kind(.tooLarge)
        /// For callers that reject a cell's content (e.g. not a number), so their errors read the same way.
        public static let invalidValue = Kind(.invalidValue)
    }

    /// A limit in words: `512 MiB`, `500 bita`.
    static func size(_ bytes: Int64) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bita"
    }

    /// Longest offending text kept, in characters; more is cut and marked with "…".
    public static let maxTextLength = 80

    public let kind: Kind
    /// Display name of the file.
    public let file: String
    /// 1-based row number as the user sees it.
    public let row: Int?
    /// 1-based column number.
    public let column: Int?
    /// Header name of the column, when known.
    public let columnName: String?
    /// The offending text, truncated to `maxTextLength` characters.
    public let text: String?
    public let message: String

    public init(
        _ kind: Kind, file: String, row: Int? = nil, column: Int? = nil, columnName: String? = nil,
        text: String? = nil, message: String
    ) {
        self.kind = kind
        self.file = file
        self.row = row
        self.column = column
        self.columnName = columnName
        self.text = text.map(Self.truncate)
        self.message = message
    }

    /// Spreadsheet letters of `column` (3 → "C").
    public var columnLetter: String? { column.map(CellReference.letters) }

    /// In Indonesian, like every message about a data file: `file baris 4, kolom 1 (A): message: "text"`.
    public var description: String {
        var place = [file]
        if let row { place.append("baris \(row)") }
        var out = place.joined(separator: " ")
        if let column {
            out += "\(row == nil ? "" : ",") kolom \(column) (\(columnName ?? CellReference.letters(column)))"
        }
        out += ": " + message
        if let text { out += ": \"\(text)\"" }
        return out
    }

    private static func truncate(_ text: String) -> String {
        text.count > maxTextLength ? text.prefix(maxTextLength) + "…" : text
    }
}

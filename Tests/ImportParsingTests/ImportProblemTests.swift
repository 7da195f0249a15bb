import ImportParsing
import Spreadsheet
import Testing

@Suite("import errors: bad input is permanent, an unreadable upload is retried")
struct ImportProblemTests {
    @Test("a reader error about the input discards the job; one about reading it does not")
    func classification() {
        let bad = ImportProblem.spreadsheet(
            SpreadsheetError(.binaryData, file: "x.csv", message: "data biner, bukan CSV"))
        #expect(bad is ImportInputError)
        #expect("\(bad)".contains("x.csv: data biner, bukan CSV"))
        let unreadable = ImportProblem.spreadsheet(
            SpreadsheetError(.unreadable, file: "x.csv", message: "berkas tidak dapat dibaca: koneksi putus"))
        #expect(!(unreadable is ImportInputError))
        #expect("\(unreadable)" == "x.csv: berkas tidak dapat dibaca: koneksi putus")
    }
}

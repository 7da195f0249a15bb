import ImportParsing
import Testing

@Suite("Text from files shown on a terminal")
struct VisibleTextTests {
    @Test("control characters are written out; line breaks kept or shown as ⏎; plain text untouched")
    func escapes() {
        #expect(VisibleText.escaped("\u{1B}[31mMERAH\u{1B}[0m\r") == "\\x1B[31mMERAH\\x1B[0m\\x0D")
        #expect(VisibleText.escaped("a\nb\tc") == "a⏎b\\tc")
        #expect(VisibleText.escaped("a\nb\tc", keepLineBreaks: true) == "a\nb\tc")
        #expect(VisibleText.escaped("\u{9B}2J\u{7F}") == "\\x9B2J\\x7F")
        #expect(VisibleText.escaped("Belanja Pegawai 62,83% — ✓") == "Belanja Pegawai 62,83% — ✓")
    }
}

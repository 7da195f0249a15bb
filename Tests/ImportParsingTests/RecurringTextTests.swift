import ImportParsing
import Testing

@Suite("RecurringText: a text seen before is handed out again")
struct RecurringTextTests {
    static func text(_ cache: inout RecurringText, _ string: String) -> String {
        Array(string.utf8).withUnsafeBufferPointer { cache.text($0) }
    }

    @Test("each text comes back as its own bytes, short and long, ASCII or not, when texts share a slot")
    func exact() {
        // One slot: every long text replaces the one before, so each call compares against another text.
        var cache = RecurringText(slotCount: 1)
        let texts = [
            "5.1.02.01.01.0001", "Belanja Alat Tulis Kantor", "5.1.02.01.01.0001", "5.1.02.01.01.0002", "",
            "Belanja Perjalanan Dinas Dalam Daerah", "Belanja Alat Tulis Kantor", "Honorarium Narasumber – é",
            "5.1.02", "Belanja Alat Tulis Kantor",
        ]
        for text in texts { #expect(Self.text(&cache, text) == text) }
    }

    @Test("a text equal in length and slot but not in bytes is not taken for the one kept")
    func sameLengthDifferentBytes() {
        var cache = RecurringText(slotCount: 1)
        #expect(Self.text(&cache, "5.1.02.01.01.0001") == "5.1.02.01.01.0001")
        #expect(Self.text(&cache, "5.1.02.01.01.0009") == "5.1.02.01.01.0009")
        #expect(Self.text(&cache, "5.1.02.01.01.0001") == "5.1.02.01.01.0001")
    }
}

/// The government (pemda: pemerintah daerah) a row names in its `kode_pemda` and `pemerintah` cells, as written;
/// the database resolves it (`PemdaStore`). Both empty: the row names none.
package struct PemdaName: Hashable, Sendable {
    package let kode: String
    package let nama: String

    package init(kode: String, nama: String) {
        self.kode = kode
        self.nama = Self.withoutTitle(nama)
    }

    package static let none = PemdaName(kode: "", nama: "")

    package var isEmpty: Bool { kode.isEmpty && nama.isEmpty }

    /// What the two say together: each one's code or name where the other leaves it out.
    package func merged(with other: PemdaName) -> PemdaName {
        PemdaName(kode: kode.isEmpty ? other.kode : kode, nama: nama.isEmpty ? other.nama : nama)
    }

    /// Whether the two can name the same government: no code and no name that differ (names compared however
    /// cased or spaced). A row that gives the code and the next the name of one government agree.
    package func agrees(with other: PemdaName) -> Bool {
        func key(_ text: String) -> String {
            text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return (kode.isEmpty || other.kode.isEmpty || kode == other.kode)
            && (nama.isEmpty || other.nama.isEmpty || key(nama) == key(other.nama))
    }

    /// `Pemerintah Kota Palangka Raya` and `Pemda Kota Palangka Raya` name `Kota Palangka Raya`: reports print the
    /// title themselves.
    private static func withoutTitle(_ text: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        var rest = words[...]
        if let first = rest.first?.lowercased(), first == "pemerintah" || first == "pemda" {
            rest = rest.dropFirst()
            if rest.first?.lowercased() == "daerah" { rest = rest.dropFirst() }
        }
        return rest.joined(separator: " ")
    }
}

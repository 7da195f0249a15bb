/// Narasi (narrative): the text an OPD writes itself for its LKIP — BAB I Pendahuluan (introduction: tasks,
/// functions, organisation, strategic issues) and BAB IV Penutup (closing) — and the pengesahan (signature block).
/// Kinerja prints it as given, never composes it.
public struct Narasi: Sendable, Codable, Equatable {
    public var pendahuluan: [NarasiBlock]
    public var penutup: [NarasiBlock]
    public var pengesahan: Pengesahan?

    public init(pendahuluan: [NarasiBlock], penutup: [NarasiBlock], pengesahan: Pengesahan?) {
        self.pendahuluan = pendahuluan
        self.penutup = penutup
        self.pengesahan = pengesahan
    }
}

/// One block of narrative text: a subheading, a paragraph, or a bulleted list (one line per item).
public struct NarasiBlock: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case heading
        case paragraph
        case list
    }

    public var kind: Kind
    /// The text: one line for a heading or a paragraph, one per item for a list.
    public var lines: [String]

    public init(_ kind: Kind, _ lines: [String]) {
        self.kind = kind
        self.lines = lines
    }
}

/// Pengesahan (signature block): where and when the head of the OPD signs, with name, title, rank and NIP (the
/// civil servant's registration number).
public struct Pengesahan: Sendable, Codable, Equatable {
    public var tempat: String
    public var tanggal: String
    public var nama: String
    public var jabatan: String
    /// Pangkat/golongan (civil-service rank), e.g. "Pembina Utama Muda (IV/c)"; optional.
    public var pangkat: String?
    public var nip: String

    public init(tempat: String, tanggal: String, nama: String, jabatan: String, pangkat: String?, nip: String) {
        self.tempat = tempat
        self.tanggal = tanggal
        self.nama = nama
        self.jabatan = jabatan
        self.pangkat = pangkat
        self.nip = nip
    }
}

/// A program or account code from a local-government budget, split into its segments.
///
/// Program codes (Permendagri 90/2019): `8` urusan, `8.01` bidang urusan, `8.01.01` program,
/// `8.01.01.2.01` kegiatan, `8.01.01.2.01.0001` sub kegiatan. The first two segments may be `X`
/// (`X.XX.01`), used for support programs shared by all urusan.
///
/// Account codes: `5` akun, `5.1` kelompok, `5.1.02` jenis, `5.1.02.01` objek, `5.1.02.01.01`
/// rincian objek, `5.1.02.01.01.0008` sub rincian objek (Permendagri 90/2019). Codes from the
/// 13/2006 scheme (`5.2.2.01.01`) have the same levels with narrower segments and are accepted too.
public struct BudgetCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Which hierarchy a code belongs to.
    public enum Kind: String, Sendable, Codable {
        case program
        case account
    }

    /// The level of a code in its hierarchy.
    public enum Level: String, Sendable, Codable, CaseIterable {
        case urusan
        case bidangUrusan = "bidang_urusan"
        case program, kegiatan
        case subKegiatan = "sub_kegiatan"
        case akun, kelompok, jenis, objek
        case rincianObjek = "rincian_objek"
        case subRincianObjek = "sub_rincian_objek"
    }

    public let kind: Kind
    public let segments: [String]

    /// Segment counts that form a program-hierarchy code; a kegiatan adds two segments (`2.01`) at once.
    private static let programLevels: [Int: Level] = [
        1: .urusan, 2: .bidangUrusan, 3: .program, 5: .kegiatan, 6: .subKegiatan,
    ]
    private static let accountLevels: [Level] = [.akun, .kelompok, .jenis, .objek, .rincianObjek, .subRincianObjek]

    /// Parses a dotted code. Without `kind`, a one-digit second segment (`5.1...`) means an account
    /// code and a two-character one (`8.01...`) a program code; a lone segment needs `kind`.
    public static func parse(_ text: String, kind: Kind? = nil) throws(ValueError) -> BudgetCode {
        let trimmed = IndonesianNumber.trimmed(text)
        let segments = trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func fail(_ reason: String) -> ValueError { ValueError(field: "kode", text: text, reason: reason) }
        guard !trimmed.isEmpty, segments.allSatisfy({ !$0.isEmpty }) else { throw fail("kode kosong atau titik ganda") }
        let resolved: Kind
        if let kind {
            resolved = kind
        } else if segments.count >= 2 {
            resolved = segments[1].count == 1 ? .account : .program
        } else {
            throw fail("kode satu segmen: jenis kode (program/akun) harus disebutkan")
        }
        switch resolved {
        case .program:
            let widths = [1, 2, 2, 1, 2, 4]
            guard programLevels[segments.count] != nil else { throw fail("jumlah segmen kode program tidak dikenal") }
            for (index, segment) in segments.enumerated() {
                let isX = index < 2 && segment.allSatisfy { $0 == "X" || $0 == "x" }
                guard segment.count == widths[index], isX || DecimalBuilder.isDigits(segment) else {
                    throw fail("segmen ke-\(index + 1) '\(segment)' harus \(widths[index]) digit")
                }
            }
            return BudgetCode(kind: .program, segments: segments.map { $0.uppercased() })
        case .account:
            guard segments.count <= accountLevels.count else { throw fail("kode akun lebih dari 6 segmen") }
            guard segments.allSatisfy({ DecimalBuilder.isDigits($0) }) else { throw fail("kode akun harus angka") }
            guard segments[0].count == 1, segments.count < 2 || segments[1].count == 1 else {
                throw fail("akun dan kelompok masing-masing satu digit")
            }
            return BudgetCode(kind: .account, segments: segments)
        }
    }

    private init(kind: Kind, segments: [String]) {
        self.kind = kind
        self.segments = segments
    }

    /// The code as text, e.g. `8.01.01.2.01`.
    public var text: String { segments.joined(separator: ".") }
    public var description: String { text }

    public var level: Level {
        switch kind {
        case .program: return Self.programLevels[segments.count] ?? .subKegiatan
        case .account: return Self.accountLevels[segments.count - 1]
        }
    }

    /// The code one level up, rebuilt from the prefix; nil at the top.
    public var parent: BudgetCode? {
        let parentCount: Int
        switch (kind, segments.count) {
        case (_, 1): return nil
        case (.program, 5): parentCount = 3  // a kegiatan's parent is its program
        default: parentCount = segments.count - 1
        }
        return BudgetCode(kind: kind, segments: Array(segments.prefix(parentCount)))
    }

    /// Parent, grandparent, ... up to the top level.
    public var ancestors: [BudgetCode] {
        var result: [BudgetCode] = []
        var current = parent
        while let code = current {
            result.append(code)
            current = code.parent
        }
        return result
    }

    /// Whether `other` lies below this code.
    public func isAncestor(of other: BudgetCode) -> Bool {
        other.ancestors.contains(self)
    }

    /// The jenis belanja (spending type) of an account code under the scheme of `year`.
    ///
    /// Up to 2020 (Permendagri 13/2006): 5.1 Belanja Tidak Langsung, 5.2 Belanja Langsung.
    /// From 2021 (Permendagri 90/2019, first used for the 2021 APBD): 5.1 Belanja Operasi,
    /// 5.2 Belanja Modal, 5.3 Belanja Tidak Terduga, 5.4 Belanja Transfer. These top-level groups
    /// are well established; a region that applied 90/2019 earlier should pass `jenis_belanja` in the file.
    /// Nil for non-spending accounts (not starting with 5) and unknown groups.
    public static func jenisBelanja(forAccount account: BudgetCode, year: Int) -> JenisBelanja? {
        guard account.kind == .account, account.segments.count >= 2, account.segments[0] == "5" else { return nil }
        switch (year <= 2020, account.segments[1]) {
        case (true, "1"): return .tidakLangsung
        case (true, "2"): return .langsung
        case (false, "1"): return .operasi
        case (false, "2"): return .modal
        case (false, "3"): return .tidakTerduga
        case (false, "4"): return .transfer
        default: return nil
        }
    }

    /// Same, from text; nil when the text is not an account code.
    public static func jenisBelanja(forAccount account: String, year: Int) -> JenisBelanja? {
        guard let code = try? parse(account, kind: .account) else { return nil }
        return jenisBelanja(forAccount: code, year: year)
    }
}

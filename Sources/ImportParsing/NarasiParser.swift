import Foundation
import Kinerja

/// Reads an OPD's narrative file: a header of `key: value` lines between two `---` lines (`tahun`, `kode_opd`,
/// optionally the government's `kode_pemda` or `pemerintah`; a header naming the government and no OPD is the
/// government-wide LKIP's narrative; and
/// for the signature `tempat`, `tanggal`, `kepala`, `jabatan`, `nip`, optionally `pangkat`), then Markdown with a
/// `# Pendahuluan` and a `# Penutup` part. Inside a part: `## ` subheadings, paragraphs (lines until a blank line),
/// and `- ` lists. Nothing else of Markdown is read: text is printed as written, escaped.
package enum NarasiParser {
    package struct Parsed: Equatable {
        package let tahun: Int
        /// nil: the government's own narrative (the header names the government and no OPD).
        package let kodeOPD: String?
        package var pemda: PemdaName = .none
        package let narasi: Narasi
    }

    /// Larger than any LKIP's narrative; a bigger file is a mistake (a PDF renamed, a whole report pasted).
    package static let maxBytes = 512 * 1024

    /// The file's bytes: at most `maxBytes`, UTF-8.
    package static func parse(_ data: Data, file: String) throws(ImportInputError) -> Parsed {
        if data.count > maxBytes { throw ImportProblem.file(file, "narasi lebih besar dari \(maxBytes / 1024) kB") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ImportProblem.file(file, "narasi harus teks UTF-8")
        }
        return try parse(text, file: file)
    }

    package static func parse(_ text: String, file: String) throws(ImportInputError) -> Parsed {
        if text.utf8.count > maxBytes {
            throw ImportProblem.file(file, "narasi lebih besar dari \(maxBytes / 1024) kB")
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map(String.init)
        guard lines.first?.trimmed == "---", let end = lines.dropFirst().firstIndex(where: { $0.trimmed == "---" })
        else {
            throw ImportProblem.row(file: file, row: 1, "narasi harus diawali kepala `---` berisi tahun dan kode_opd")
        }
        var fields: [String: (value: String, row: Int)] = [:]
        for (index, line) in lines[1..<end].enumerated() where !line.trimmed.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw ImportProblem.row(file: file, row: index + 2, "baris kepala harus berbentuk `kunci: nilai`")
            }
            fields[String(line[..<colon]).trimmed.lowercased()] = (
                String(line[line.index(after: colon)...]).trimmed, index + 2
            )
        }
        guard let tahunText = fields["tahun"], let tahun = Int(tahunText.value), (1990...2200).contains(tahun) else {
            throw ImportProblem.row(file: file, row: fields["tahun"]?.row ?? 1, "kepala tanpa `tahun` yang sah")
        }
        let pemda = PemdaName(kode: fields["kode_pemda"]?.value ?? "", nama: fields["pemerintah"]?.value ?? "")
        let kode = fields["kode_opd"].map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        if kode == nil, pemda.isEmpty {
            throw ImportProblem.row(
                file: file, row: 1,
                "kepala tanpa `kode_opd` (narasi pemerintah: sebutkan `pemerintah` atau `kode_pemda` tanpa `kode_opd`)")
        }
        let parts = try sections(Array(lines[(end + 1)...]), firstRow: end + 2, file: file)
        return Parsed(
            tahun: tahun, kodeOPD: kode,
            pemda: pemda,
            narasi: Narasi(
                pendahuluan: parts["pendahuluan"] ?? [], penutup: parts["penutup"] ?? [],
                pengesahan: try pengesahan(fields, file: file)))
    }

    /// The signature block when the header names the head of the OPD; all its fields, or none.
    private static func pengesahan(_ fields: [String: (value: String, row: Int)], file: String) throws(ImportInputError)
        -> Pengesahan?
    {
        let keys = ["tempat", "tanggal", "kepala", "jabatan", "nip"]
        let given = keys.filter { !(fields[$0]?.value ?? "").isEmpty }
        if given.isEmpty { return nil }
        if given.count < keys.count {
            let missing = keys.filter { !given.contains($0) }.joined(separator: ", ")
            throw ImportProblem.row(file: file, row: 1, "pengesahan tidak lengkap: kepala tanpa \(missing)")
        }
        func value(_ key: String) -> String { fields[key]?.value ?? "" }
        let pangkat = value("pangkat")
        return Pengesahan(
            tempat: value("tempat"), tanggal: value("tanggal"), nama: value("kepala"), jabatan: value("jabatan"),
            pangkat: pangkat.isEmpty ? nil : pangkat, nip: value("nip"))
    }

    /// The text of a list item: `- `, `* `, or a numbered `1. ` / `1) ` / `a. ` item (kept with its number, as
    /// the OPD wrote it); nil for other lines.
    static func listItem(_ line: String) -> String? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return String(line.dropFirst(2)).trimmed }
        let marker = line.prefix { $0.isNumber || ($0.isLetter && $0.isLowercase) }
        guard (1...3).contains(marker.count), marker.allSatisfy(\.isNumber) || marker.count == 1 else { return nil }
        let rest = line.dropFirst(marker.count)
        guard rest.hasPrefix(". ") || rest.hasPrefix(") ") else { return nil }
        return line
    }

    /// The blocks of each `# ` part, by the part's name in lower case.
    private static func sections(_ lines: [String], firstRow: Int, file: String) throws(ImportInputError)
        -> [String: [NarasiBlock]]
    {
        var parts: [String: [NarasiBlock]] = [:]
        var current: String?
        var paragraph: [String] = []
        var list: [String] = []
        func flush() {
            guard let current else { return }
            if !paragraph.isEmpty {
                parts[current, default: []].append(NarasiBlock(.paragraph, [paragraph.joined(separator: " ")]))
            }
            if !list.isEmpty { parts[current, default: []].append(NarasiBlock(.list, list)) }
            paragraph = []
            list = []
        }
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmed
            if line.hasPrefix("# ") {
                flush()
                let name = String(line.dropFirst(2)).trimmed.lowercased()
                guard ["pendahuluan", "penutup"].contains(name) else {
                    throw ImportProblem.row(
                        file: file, row: firstRow + index,
                        "bagian \"\(name)\" tidak dikenal: gunakan # Pendahuluan atau # Penutup")
                }
                current = name
                parts[name] = parts[name] ?? []
            } else if line.isEmpty {
                flush()
            } else if current == nil {
                throw ImportProblem.row(file: file, row: firstRow + index, "teks sebelum # Pendahuluan atau # Penutup")
            } else if line.hasPrefix("## ") {
                flush()
                parts[current!, default: []].append(NarasiBlock(.heading, [String(line.dropFirst(3)).trimmed]))
            } else if let item = listItem(line) {
                if !paragraph.isEmpty { flush() }
                list.append(item)
            } else {
                if !list.isEmpty { flush() }
                paragraph.append(line)
            }
        }
        flush()
        return parts
    }
}

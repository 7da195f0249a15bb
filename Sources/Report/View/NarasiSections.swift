import Kinerja

/// BAB I Pendahuluan and BAB IV Penutup from the OPD's (or the government's) narrative, as written; a marked
/// placeholder where none was imported, so a draft never passes for a finished report.
struct NarasiSections {
    let report: LKIPReport

    static func missingText(government: Bool) -> String {
        "[Belum diisi: narasi \(government ? "pemerintah" : "OPD") belum diimpor. Unggah dengan "
            + "`kinerja enqueue import-narasi NARASI.md`.]"
    }

    private var isGovernment: Bool { report.budgetByOPD != nil }

    func introduction() -> SectionView {
        SectionView(
            id: "bab-1", heading: "BAB I  PENDAHULUAN",
            subsections: subsections(report.narasi?.pendahuluan ?? [], tail: []))
    }

    func closing() -> SectionView {
        SectionView(
            id: "bab-4", heading: "BAB IV  PENUTUP",
            subsections: subsections(report.narasi?.penutup ?? [], tail: [.signature(signature())]))
    }

    /// `## ` subheadings start subsections; `tail` ends the last one.
    private func subsections(_ blocks: [NarasiBlock], tail: [BlockView]) -> [SubsectionView] {
        var out: [SubsectionView] = []
        for block in blocks {
            switch block.kind {
            case .heading: out.append(SubsectionView(heading: block.lines.first, blocks: []))
            case .paragraph, .list:
                if out.isEmpty { out.append(SubsectionView(heading: nil, blocks: [])) }
                out[out.count - 1].blocks.append(
                    block.kind == .list ? .list(block.lines) : .text(block.lines.joined(separator: " ")))
            }
        }
        if out.allSatisfy({ $0.blocks.isEmpty }) {
            out.append(SubsectionView(heading: nil, blocks: [.placeholder(Self.missingText(government: isGovernment))]))
        }
        out[out.count - 1].blocks += tail
        return out
    }

    private func signature() -> SignatureView {
        guard let p = report.narasi?.pengesahan else {
            return SignatureView(
                tempatTanggal: "[tempat], [tanggal]",
                jabatan: isGovernment ? "[jabatan kepala daerah]" : "[jabatan kepala OPD]",
                nama: "[nama]", pangkat: nil,
                nip: "[NIP]", missing: true)
        }
        return SignatureView(
            tempatTanggal: "\(p.tempat), \(p.tanggal)", jabatan: p.jabatan, nama: p.nama, pangkat: p.pangkat,
            nip: p.nip, missing: false)
    }
}

import Crypto
import ImportParsing
import Kinerja
import Postgres

/// Writes budget lines as `kinerja.anggaran_baris` rows (`copyColumns`, binary COPY: the server parses no numbers)
/// and collects their contexts (program,
/// kegiatan and sub kegiatan codes and names) as `kinerja.anggaran_konteks` rows, numbered per import, for
/// `writeContexts` after the lines. A line whose context is that of the line before gets its number (without
/// comparing when both have the same fast-path context, `BudgetRecord.context`); a context that comes back later
/// gets a new number, which costs a row and saves a map of every context seen.
///
/// It also digests what it writes (`contentDigest`), so an import can tell a scope whose content did not change.
package struct BudgetCopy {
    package static let copyColumns = """
        COPY kinerja.anggaran_baris (import_id, source_row, konteks, tingkat, kode_akun, nama_akun, jenis_belanja,
            anggaran, realisasi, persen_tercetak, is_leaf) FROM STDIN WITH (FORMAT binary)
        """
    package static let copyContexts = """
        COPY kinerja.anggaran_konteks (import_id, konteks, kode_program, nama_program, kode_kegiatan, nama_kegiatan,
            kode_sub_kegiatan, nama_sub_kegiatan) FROM STDIN
        """

    package let importID: Int64
    private var contexts: [LineContext] = []
    /// The contexts collected so far (each held until `writeContexts`).
    package var contextCount: Int { contexts.count }
    private var lastFastContext = 0
    /// The lines written so far, each from its context number on: not the import id, nor the row number, which
    /// moves when another OPD's lines above it change.
    private var hasher = SHA256()
    /// Bytes not yet digested: one `update` per 64 kB, not one per line (the calls cost more than the hashing).
    private var undigested: [UInt8] = []

    /// The file's name, for the message when it has too many contexts.
    private let file: String

    package init(importID: Int64, file: String, maxContexts: Int = 100_000) {
        self.importID = importID
        self.file = file
        self.maxContexts = maxContexts
    }

    package mutating func write(_ line: BudgetRecord, isLeaf: Bool, to writer: inout BinaryCopyWriter) throws {
        let konteks = try number(of: line)
        writer.beginRow(fields: 11)
        writer.int64(importID)
        writer.int32(Int32(clamping: line.row))
        let start = writer.position
        writer.int32(Int32(konteks))
        writer.text(line.tingkat.rawValue)
        writer.text(line.kodeAkun)
        writer.text(line.namaAkun)
        writer.text(line.jenisBelanja)
        try writer.numeric(hundredths: line.anggaran)
        if let realisasi = line.realisasi { try writer.numeric(hundredths: realisasi) } else { writer.null() }
        if line.persen.isEmpty { writer.null() } else { writer.text(line.persen) }
        writer.bool(isLeaf)
        writer.withBytes(since: start) { undigested.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
        if undigested.count >= 1 << 16 {
            hasher.update(data: undigested)
            undigested.removeAll(keepingCapacity: true)
        }
        try writer.endRow()
    }

    /// SHA-256 (hex) of everything an import of one scope stores besides row numbers: the lines in order, their
    /// contexts, the OPD's name and the findings' codes, severities and messages. Two imports of a scope with the
    /// same digest hold the same figures and findings, so the later one need not replace the earlier.
    package func contentDigest(namaOPD: String, findings: [Temuan]) -> String {
        var hasher = hasher
        hasher.update(data: undigested)
        func add(_ text: String) {
            hasher.update(data: Array(text.utf8))
            hasher.update(data: [0x1F])
        }
        add(namaOPD)
        for context in contexts {
            for field in [
                context.kodeProgram, context.namaProgram, context.kodeKegiatan, context.namaKegiatan,
                context.kodeSubKegiatan, context.namaSubKegiatan,
            ] { add(field) }
        }
        for temuan in findings {
            add(temuan.code.rawValue)
            add(temuan.severity.rawValue)
            add(temuan.message)
        }
        return UploadStore.hex(hasher.finalize())
    }

    /// Writes the contexts of the lines each of `copies` wrote, in one COPY after the lines' COPY.
    package static func writeContexts(of copies: [BudgetCopy], on tx: Connection) throws {
        guard copies.contains(where: { !$0.contexts.isEmpty }) else { return }
        try tx.copyIn(SQL(unsafeSQL: Self.copyContexts)) { writer in
            for copy in copies {
                for (i, context) in copy.contexts.enumerated() {
                    writer.field(Int(copy.importID))
                    writer.field(i + 1)
                    writer.field(context.kodeProgram)
                    writer.field(context.namaProgram)
                    writer.field(context.kodeKegiatan)
                    writer.field(context.namaKegiatan)
                    writer.field(context.kodeSubKegiatan)
                    writer.field(context.namaSubKegiatan)
                    try writer.endRow()
                }
            }
        }
    }

    /// Contexts (program, kegiatan, sub kegiatan) one OPD may have (100 000 unless a test says less): a real one
    /// has hundreds. Each costs about a kilobyte until the OPD's lines end, so a file of millions of made-up sub
    /// kegiatan is refused here.
    private let maxContexts: Int

    private mutating func number(of line: BudgetRecord) throws -> Int {
        if line.context != 0 && line.context == lastFastContext { return contexts.count }
        if contexts.last != line.place {
            guard contexts.count < maxContexts else {
                throw ImportProblem.row(
                    file: file, row: line.row,
                    "lebih dari \(maxContexts) program, kegiatan atau sub kegiatan dalam satu OPD; berkas rusak atau "
                        + "bukan ekspor anggaran")
            }
            contexts.append(line.place)
        }
        lastFastContext = line.context
        return contexts.count
    }
}

import ImportParsing
import Postgres
import Stores

/// The government (pemda) of an import's rows: the one the row names (`kode_pemda`, `pemerintah`), else the one
/// the job names (`--pemda`), else the database's only one. A row naming another government than the job's is
/// refused, as a row naming another OPD than `--opd` is.
enum ImportPemda {
    /// The government the job names, found (or created) once per import.
    struct Given {
        let id: Int
        let text: String
    }

    static func given(_ text: String?, on tx: Connection) throws -> Given? {
        try text.map { Given(id: try PemdaStore.forGiven($0, on: tx), text: $0) }
    }

    static func resolve(_ named: PemdaName, given: Given?, file: String, row: Int, on tx: Connection) throws -> Int {
        let fromRow = named.isEmpty ? nil : try PemdaStore.forRow(kode: named.kode, nama: named.nama, on: tx)
        if let fromRow, let given, fromRow != given.id {
            let label = [named.kode, named.nama].filter { !$0.isEmpty }.joined(separator: " ")
            throw ImportInputError(
                "\(file) baris \(row): berkas menyebut pemerintah \(label), pekerjaan ini untuk \(given.text)")
        }
        if let id = fromRow ?? given?.id { return id }
        return try PemdaStore.forRow(kode: "", nama: "", on: tx)
    }
}

import Postgres
import Stores

/// `--pemda`: a government by its code (`62.71`) or name (`Kota Palangka Raya`), for jobs that store its id.
enum PemdaOption {
    /// The id of the named government; nil when none is named (the worker then takes the database's only one). An
    /// unknown name is a usage error that lists the known ones.
    static func resolve(_ text: String?, on conn: Connection) throws -> Int? {
        guard let text else { return nil }
        if let id = try PemdaStore.named(text, on: conn) { return id }
        let known = try PemdaStore.all(on: conn).map(\.label).filter { !$0.isEmpty }
        throw CLIError.usage(
            "pemerintah \"\(text)\" belum ada di basis data"
                + (known.isEmpty ? "" : "; yang ada: " + known.joined(separator: ", ")))
    }
}

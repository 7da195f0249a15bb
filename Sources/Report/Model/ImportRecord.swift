/// One import the report's figures came from, so a reader can trace every number to a file.
public struct ImportRecord: Codable, Sendable, Equatable {
    public var id: String
    /// The job kind that imported it, e.g. "import_rka", "import_kinerja".
    public var kind: String
    public var fileName: String
    /// SHA-256 of the imported file, hex.
    public var sha256: String
    public var importedAt: String

    public init(id: String, kind: String, fileName: String, sha256: String, importedAt: String) {
        self.id = id
        self.kind = kind
        self.fileName = fileName
        self.sha256 = sha256
        self.importedAt = importedAt
    }
}

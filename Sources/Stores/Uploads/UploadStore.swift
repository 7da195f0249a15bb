import Crypto
import Foundation
import Postgres

/// Files carried in the database: the producer uploads a file's bytes in chunks (inside the caller's transaction,
/// so the upload exists only with its job), and a worker on any host reads them back, chunk by chunk
/// (`forEachChunk`): streamed for CSV (`UploadChunkStream`), into a temporary file for XLSX (`materialize`).
public enum UploadStore {
    /// One upload's identity.
    public struct Upload: Sendable, Equatable {
        public let id: Int64
        public let sha256: String
        public let fileName: String
        public let sizeBytes: Int64
    }

    package static let chunkSize = 4 * 1024 * 1024

    /// Streams the file at `path` into `kinerja.uploads` and returns its id and SHA-256. The next chunk is read,
    /// hashed and sent while the server stores the previous one (`ChunkInserter`); memory stays at a few chunks.
    public static func upload(path: String, fileName: String? = nil, on conn: Connection) throws -> Upload {
        let file = try ChunkedFile(path: path)
        let name = fileName ?? (path as NSString).lastPathComponent
        let id = try conn.query(
            "INSERT INTO kinerja.uploads (sha256, file_name, size_bytes) VALUES (repeat('0', 64), \(name), 0) RETURNING id"
        ).first!.decode(0, as: Int64.self)
        var hasher = SHA256()
        var size: Int64 = 0
        let inserter = ChunkInserter(connection: conn, uploadID: id)
        do {
            // One buffer: sending a chunk copies it into libpq's output buffer.
            var buffer = [UInt8](repeating: 0, count: chunkSize)
            while case let count = try file.read(into: &buffer), count > 0 {
                let chunk = count == buffer.count ? buffer : Array(buffer[..<count])
                chunk.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                size += Int64(count)
                try inserter.insert(chunk)
            }
            try inserter.finish()
        } catch {
            try? inserter.finish()
            throw error
        }
        let digest = hex(hasher.finalize())
        try conn.query("UPDATE kinerja.uploads SET sha256 = \(digest), size_bytes = \(size) WHERE id = \(id)")
        return Upload(id: id, sha256: digest, fileName: name, sizeBytes: size)
    }

    /// A file's SHA-256 in hex, read in chunks (the producer's "same file again" check, before any upload).
    public static func sha256(ofFile path: String) throws -> String {
        let file = try ChunkedFile(path: path)
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while case let count = try file.read(into: &buffer), count > 0 {
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        return hex(hasher.finalize())
    }

    package static func hex<D: Sequence<UInt8>>(_ digest: D) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The upload's identity, or nil.
    public static func find(_ id: Int64, on conn: Connection) throws -> Upload? {
        try conn.query("SELECT id, sha256, file_name, size_bytes FROM kinerja.uploads WHERE id = \(id)").first.map {
            Upload(
                id: try $0.decode(0), sha256: try $0.decode(1), fileName: try $0.decode(2), sizeBytes: try $0.decode(3))
        }
    }

    /// Writes the upload's bytes to a new temporary file, chunk by chunk, and returns its path; `integrity` gets the
    /// digest of what was written. The caller deletes the file.
    package static func materialize(_ id: Int64, integrity: UploadIntegrity, on conn: Connection) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kinerja-upload-\(id)-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let out = FileHandle(forWritingAtPath: path)
        else { throw UploadError("cannot create a temporary file for upload \(id)") }
        defer { try? out.close() }
        var digest = UploadIntegrity.Digest()
        do {
            try forEachChunk(id, on: conn) { bytes in
                digest.update(bytes)
                try out.write(contentsOf: bytes)
                return true
            }
            if let mismatch = integrity.record(digest) { throw mismatch }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return path
    }

    /// Passes the upload's chunks to `body` in order, read in binary form, until `body` returns false.
    package static func forEachChunk(_ id: Int64, on conn: Connection, _ body: (UnsafeRawBufferPointer) throws -> Bool)
        throws
    {
        let count = try conn.query("SELECT count(*)::int FROM kinerja.upload_chunks WHERE upload_id = \(id)")
            .first!.decode(0, as: Int.self)
        for seq in 0..<count {
            let more = try conn.withBinaryValue(
                "SELECT data FROM kinerja.upload_chunks WHERE upload_id = \(id) AND seq = \(seq)"
            ) { bytes -> Bool in
                guard let bytes else { throw UploadError("upload \(id) misses chunk \(seq)") }
                return try body(bytes)
            }
            if !more { return }
        }
    }
}

/// An upload could not be stored or read.
public struct UploadError: Error, CustomStringConvertible, Sendable {
    public let description: String
    package init(_ description: String) { self.description = description }
}

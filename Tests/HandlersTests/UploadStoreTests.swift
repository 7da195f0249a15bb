import Foundation
import ImportParsing
import JobQueue
import Postgres
import Stores
import TestSupport
import Testing

@testable import Handlers

@Suite("Uploads carried in the database")
struct UploadStoreTests {
    @Test("a file uploads in chunks with its SHA-256 and comes back byte for byte")
    func roundTrip() throws {
        let conn = try TestDatabase.connect()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("up")).path
        // Over two chunks, with every byte value.
        var bytes = Data((0..<(9 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        bytes.append(contentsOf: [0, 0xFF, 0x5C])
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let upload = try UploadStore.upload(path: path, fileName: "anggaran.csv", on: conn)
        let expected = try conn.query("SELECT encode(sha256(\(bytes)), 'hex')").first!.decode(0, as: String.self)
        #expect(upload.sha256 == expected)
        #expect(upload.sizeBytes == Int64(bytes.count))
        let back = try UploadStore.materialize(upload.id, integrity: Self.integrity(of: upload), on: conn)
        defer { try? FileManager.default.removeItem(atPath: back) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: back)) == bytes)
    }

    @Test("a chunk the server refuses fails the upload while the next is on its way; the transaction rolls back")
    func refusedChunk() throws {
        let conn = try TestDatabase.connect()
        // No upload has id -1: the first chunk breaks the foreign key while the second is already sent.
        #expect(throws: PostgresError.self) {
            try conn.transaction { tx in
                let inserter = ChunkInserter(connection: tx, uploadID: -1)
                try inserter.insert([1, 2, 3])
                try inserter.insert([4, 5, 6])
                try inserter.finish()
            }
        }
        // Every answer was read, so the rollback ran and the connection takes the next statement.
        #expect(try conn.query("SELECT 41 + 1").first!.decode(0, as: Int.self) == 42)
    }

    private static func integrity(of upload: UploadStore.Upload) -> UploadIntegrity {
        UploadIntegrity(
            uploadID: upload.id, fileName: upload.fileName, sha256: upload.sha256, sizeBytes: upload.sizeBytes)
    }

    @Test("a chunk added after the upload was sealed fails the read, naming the mismatch, and leaves no file")
    func changedUpload() throws {
        let conn = try TestDatabase.connect()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("up")).path
        try Data("kode_opd;anggaran\n1;2\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let upload = try UploadStore.upload(path: path, fileName: "anggaran.csv", on: conn)
        let integrity = Self.integrity(of: upload)
        try conn.execute(
            "INSERT INTO kinerja.upload_chunks (upload_id, seq, data) VALUES (\(upload.id), 1, \(Bytea(Array("9;9\n".utf8))))"
        )
        let error = #expect(throws: ImportInputError.self) {
            try UploadStore.materialize(upload.id, integrity: integrity, on: conn)
        }
        #expect(error?.description.contains("tidak sama dengan yang didaftarkan") == true)
        #expect(throws: ImportInputError.self) { try integrity.check(readWhole: true) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
            .filter { $0.hasPrefix("kinerja-upload-\(upload.id)-") }
        #expect(leftovers.isEmpty)
    }
}

import Foundation
import Handlers
import Postgres
import TestSupport
import Testing

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
        let back = try UploadStore.materialize(upload.id, on: conn)
        defer { try? FileManager.default.removeItem(atPath: back) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: back)) == bytes)
    }
}

import Crypto
import Foundation
import ImportParsing
import Synchronization

/// What a job was sealed with (the SHA-256 in its arguments and the size of its sealed upload), checked against
/// the bytes a worker actually reads: a chunk added, removed or changed after the job was enqueued fails the
/// import, naming the mismatch, instead of landing as someone's budget lines.
package final class UploadIntegrity: Sendable {
    private let uploadID: Int64
    private let fileName: String
    private let sha256: String
    private let sizeBytes: Int64
    private let outcome = Mutex<Outcome>(.unread)
    private let read = Atomic<Int64>(0)

    package enum Outcome: Sendable {
        case unread
        case verified
        case mismatch(ImportInputError)
    }

    package init(uploadID: Int64, fileName: String, sha256: String, sizeBytes: Int64) {
        self.uploadID = uploadID
        self.fileName = fileName
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
    }

    /// Hashes the bytes of one read of the upload, start to end.
    package struct Digest {
        private var hasher = SHA256()
        private(set) var size: Int64 = 0

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            hasher.update(bufferPointer: bytes)
            size += Int64(bytes.count)
        }

        func hex() -> String { UploadStore.hex(hasher.finalize()) }
    }

    /// Records a read that already holds more bytes than the job was sealed with; nil while it does not.
    package func recordIfOversized(_ digest: Digest) -> ImportInputError? {
        digest.size > sizeBytes ? record(digest) : nil
    }

    /// The reader took `count` more bytes of the upload (not the fetching thread, which runs chunks ahead).
    package func consumed(_ count: Int) {
        read.wrappingAdd(Int64(count), ordering: .relaxed)
    }

    /// How far through the upload the reader is, 0 to 1, to the chunk (4 MiB).
    package var fractionRead: Double {
        sizeBytes > 0 ? min(1, Double(read.load(ordering: .relaxed)) / Double(sizeBytes)) : 0
    }

    /// Records a whole read of the upload; returns the error when the bytes differ from what the job was sealed with.
    @discardableResult
    package func record(_ digest: Digest) -> ImportInputError? {
        let actual = digest.hex()
        guard actual != sha256 || digest.size != sizeBytes else {
            outcome.withLock { if case .unread = $0 { $0 = .verified } }
            return nil
        }
        let error = ImportInputError(
            "\(fileName): isi unggahan \(uploadID) tidak sama dengan yang didaftarkan bersama pekerjaan ini "
                + "(SHA-256 \(actual.prefix(12))…, \(digest.size) bita; seharusnya \(sha256.prefix(12))…, "
                + "\(sizeBytes) bita): unggahan diubah setelah diantrekan; unggah ulang berkasnya")
        outcome.withLock { $0 = .mismatch(error) }
        return error
    }

    /// Throws the mismatch if a read found one; with `readWhole`, also when no read reached the end of the upload.
    package func check(readWhole: Bool) throws {
        switch outcome.withLock({ $0 }) {
        case .mismatch(let error): throw error
        case .verified: return
        case .unread:
            if readWhole {
                throw ImportInputError(
                    "\(fileName): unggahan \(uploadID) tidak terbaca sampai akhir; isinya tidak diperiksa")
            }
        }
    }
}

import Dispatch
import Foundation
import Postgres

/// Inserts upload chunks on a thread of its own, one behind the caller, who reads and hashes the next chunk
/// meanwhile: 0.1 s of the 0.4 s upload of a 138 MB export. The caller does not use the connection until `finish`.
package final class ChunkInserter: @unchecked Sendable {
    // @unchecked: `connection` is used on `queue` only until `finish` returns; `failure` is guarded by `lock`.
    private let connection: Connection
    private let uploadID: Int64
    private let queue = DispatchQueue(label: "kinerja.upload-inserter")
    private let slots = DispatchSemaphore(value: 1)
    private let lock = NSLock()
    private var failure: (any Error)?
    private var seq = 0

    package init(connection: Connection, uploadID: Int64) {
        self.connection = connection
        self.uploadID = uploadID
    }

    package func insert(_ bytes: [UInt8]) throws {
        if let failure = lock.withLock({ failure }) { throw failure }
        slots.wait()
        let seq = self.seq
        self.seq += 1
        queue.async { [self] in
            defer { slots.signal() }
            guard lock.withLock({ failure }) == nil else { return }
            do {
                try connection.query(
                    "INSERT INTO kinerja.upload_chunks (upload_id, seq, data) VALUES (\(uploadID), \(seq), \(Bytea(bytes)))"
                )
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits for the chunks sent so far; throws the first insert's error.
    package func finish() throws {
        queue.sync {}
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}

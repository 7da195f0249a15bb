import Foundation
import Postgres
import Spreadsheet

/// An upload's bytes streamed from the database by a thread of its own, with a connection of its own, a few
/// chunks ahead of the reader: the import parses one chunk while the next travels, and no temporary file is
/// written. (Copying a 138 MB export to a temporary file first took 0.3 s before the first row was read.) The
/// worker's own connection cannot fetch them: it is busy with the import's COPY.
package final class UploadChunkStream: ChunkSource {
    /// What the fetching thread and the reader share; the thread holds only this, so dropping the stream stops it.
    private final class State: @unchecked Sendable {
        // @unchecked: every field is read and written under `condition`.
        let condition = NSCondition()
        var ready: [Data] = []
        var finished = false
        var failure: (any Error)?
        var closed = false
    }

    /// Chunks (4 MiB each) fetched ahead of the reader at most.
    package static let ahead = 3
    private let state = State()
    private let integrity: UploadIntegrity

    /// `integrity` receives the digest of a read that reaches the end; a mismatch fails the stream.
    package init(uploadID: Int64, conninfo: String, integrity: UploadIntegrity) {
        let state = self.state
        self.integrity = integrity
        Thread { Self.fetch(uploadID: uploadID, conninfo: conninfo, integrity: integrity, into: state) }.start()
    }

    deinit {
        state.condition.lock()
        state.closed = true
        state.condition.broadcast()
        state.condition.unlock()
    }

    package func nextChunk() throws -> Data? {
        state.condition.lock()
        defer { state.condition.unlock() }
        while state.ready.isEmpty && !state.finished { state.condition.wait() }
        if !state.ready.isEmpty {
            state.condition.broadcast()
            let chunk = state.ready.removeFirst()
            integrity.consumed(chunk.count)
            return chunk
        }
        if let failure = state.failure { throw failure }
        return nil
    }

    /// Fetches the chunks in order. The last chunk fetched is held back until the next arrives, and the final one
    /// until the whole upload is verified (`UploadIntegrity`): the reader never reaches the end of a file whose
    /// bytes differ from the job's, and a read that runs past the sealed size fails before the extra bytes are
    /// handed on.
    private static func fetch(uploadID: Int64, conninfo: String, integrity: UploadIntegrity, into state: State) {
        var failure: (any Error)?
        /// Hands `data` to the reader; false once the reader has gone.
        func handOn(_ data: Data) -> Bool {
            state.condition.lock()
            defer { state.condition.unlock() }
            while state.ready.count >= ahead && !state.closed { state.condition.wait() }
            if state.closed { return false }
            state.ready.append(data)
            state.condition.broadcast()
            return true
        }
        do {
            let conn = try Connection(conninfo, applicationName: "kinerja upload reader")
            var digest = UploadIntegrity.Digest()
            var held: Data?
            var whole = true
            try UploadStore.forEachChunk(uploadID, on: conn) { bytes in
                digest.update(bytes)
                if let oversized = integrity.recordIfOversized(digest) { throw oversized }
                if let previous = held, !handOn(previous) {
                    whole = false
                    return false
                }
                held = Data(bytes)
                return true
            }
            if whole {
                if let mismatch = integrity.record(digest) {
                    failure = mismatch
                } else if let last = held {
                    _ = handOn(last)
                }
            }
        } catch {
            failure = error
        }
        state.condition.lock()
        state.finished = true
        state.failure = failure
        state.condition.broadcast()
        state.condition.unlock()
    }
}

import Postgres

/// Inserts upload chunks with each chunk's statement sent before the previous one's answer is read (libpq pipeline
/// mode): the server stores one chunk while the caller reads, hashes and sends the next. With one statement at a
/// time on a thread of its own, the server waited for each 4 MB chunk to arrive and stored a 133 MB export in
/// 0.44 s, at 0.7 of a core. The caller does not use the connection until `finish`.
package final class ChunkInserter {
    private let connection: Connection
    private let uploadID: Int64
    private var seq = 0
    /// The chunk sent whose answer is not read yet.
    private var inFlight: Connection.SentPipeline?

    package init(connection: Connection, uploadID: Int64) {
        self.connection = connection
        self.uploadID = uploadID
    }

    package func insert(_ bytes: [UInt8]) throws {
        let sent = try connection.send([
            "INSERT INTO kinerja.upload_chunks (upload_id, seq, data) VALUES (\(uploadID), \(seq), \(Bytea(bytes)))"
        ])
        seq += 1
        let previous = inFlight
        inFlight = sent
        if let previous { _ = try receive(previous) }
    }

    /// Reads the last chunk's answer. Also after a failure: the connection can roll back only once every answer
    /// is read.
    package func finish() throws {
        guard let last = inFlight else { return }
        inFlight = nil
        _ = try connection.receive(last)
    }

    private func receive(_ sent: Connection.SentPipeline) throws {
        do {
            _ = try connection.receive(sent)
        } catch {
            if let pending = inFlight {
                inFlight = nil
                _ = try? connection.receive(pending)
            }
            throw error
        }
    }
}

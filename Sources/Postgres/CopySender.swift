import CLibPQ
import Dispatch
import Foundation

/// Sends COPY data on a thread of its own, so that the caller goes on with the next rows while a full socket
/// buffer waits for the server: on a 1-million-line budget import with client and server on two cores, 0.05 s of
/// 2 s; more where the worker has cores of its own.
///
/// While a COPY runs the caller does not touch the connection; the sender is its only user until `finish`
/// returns. At most `depth` buffers wait, so memory stays bounded whatever the size of the COPY.
final class CopySender: @unchecked Sendable {
    // @unchecked: `connection` is used by `queue` only, between `init` and `finish` (see above); `failure` is
    // guarded by `lock`.
    private let connection: Connection
    private let queue = DispatchQueue(label: "kinerja.copy-sender")
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var failure: PostgresError?

    init(connection: Connection, depth: Int = 4) {
        self.connection = connection
        slots = DispatchSemaphore(value: depth)
    }

    /// Queues `bytes`; throws the error of an earlier send, if one failed.
    func send(_ bytes: [UInt8]) throws(PostgresError) {
        if let failure = currentFailure { throw failure }
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard currentFailure == nil else { return }
            do throws(PostgresError) {
                try connection.putCopyData(bytes)
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits until every queued buffer is sent; throws the first send error.
    func finish() throws(PostgresError) {
        queue.sync {}
        if let failure = currentFailure { throw failure }
    }

    private var currentFailure: PostgresError? { lock.withLock { failure } }
}

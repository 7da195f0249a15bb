import CLibPQ

/// Cancels the statement a connection is running, from any thread. The server answers the cancelled statement
/// with SQLSTATE 57014 and the connection stays usable.
///
/// `@unchecked Sendable` because libpq documents `PQcancel` on a `PGcancel` object as safe to call from any thread
/// (it is made for signal handlers and other threads); the pointer itself never changes.
public final class CancelHandle: @unchecked Sendable {
    private let cancel: OpaquePointer?

    init(connection: OpaquePointer) {
        cancel = PQgetCancel(connection)
    }

    deinit { if let cancel { PQfreeCancel(cancel) } }

    /// Asks the server to cancel; returns false when the request could not be sent.
    @discardableResult
    public func cancelRunningStatement() -> Bool {
        guard let cancel else { return false }
        var buffer = [CChar](repeating: 0, count: 256)
        return PQcancel(cancel, &buffer, Int32(buffer.count)) == 1
    }
}

extension Connection {
    /// A handle that cancels this connection's running statement from another thread.
    public func cancelHandle() -> CancelHandle { CancelHandle(connection: handle) }
}

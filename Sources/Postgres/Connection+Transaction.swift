extension Connection {
    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws (the error is rethrown).
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try execute("BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            // A broken connection cannot roll back; the server does it when the session ends.
            if isHealthy { _ = try? execute("ROLLBACK") }
            throw error
        }
        try execute("COMMIT")
        return value
    }
}

extension Connection {
    /// Runs `body` inside a transaction that is already open, under a savepoint: released when `body` returns,
    /// rolled back to when it throws (the error is rethrown and the rest of the transaction stays usable).
    public func savepoint<T>(_ name: String, _ body: (Connection) throws -> T) throws -> T {
        try execute("SAVEPOINT \(identifier: name)")
        let value: T
        do {
            value = try body(self)
        } catch {
            // Rolled back and released: a savepoint left open would nest every later one inside it.
            if isHealthy {
                _ = try? execute("ROLLBACK TO SAVEPOINT \(identifier: name)")
                _ = try? execute("RELEASE SAVEPOINT \(identifier: name)")
            }
            throw error
        }
        try execute("RELEASE SAVEPOINT \(identifier: name)")
        return value
    }
}

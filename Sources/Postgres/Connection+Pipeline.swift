import CLibPQ

extension Connection {
    /// Sends several statements in one round trip (libpq pipeline mode) and returns each one's result in order.
    /// They run as one implicit transaction: if one fails, the later ones are skipped and the error is thrown.
    /// Pays where many small independent statements would otherwise each wait for the network. A statement made
    /// with `SQL(preparedSQL:)` is prepared in the same round trip the first time and run by name afterwards.
    public func pipeline(_ statements: [SQL]) throws(PostgresError) -> [QueryResult] {
        guard !statements.isEmpty else { return [] }
        guard PQenterPipelineMode(handle) == 1 else { throw lastError(operation: "pipeline") }
        defer { PQexitPipelineMode(handle) }
        // One entry per command sent, in order: a Prepare (its name and text) or a statement (nil).
        var commands: [(name: String, text: String)?] = []
        var pending: [String: String] = [:]
        for sql in statements {
            var name = sql.prepared ? preparedNames[sql.text] ?? pending[sql.text] : nil
            if sql.prepared && name == nil {
                let new = "kinerja_\(preparedNames.count + pending.count + 1)"
                guard PQsendPrepare(handle, new, sql.text, Int32(sql.binds.count), nil) == 1 else {
                    throw lastError(operation: "pipeline")
                }
                commands.append((new, sql.text))
                pending[sql.text] = new
                name = new
            }
            commands.append(nil)
            let sent = Binding.withParameters(sql.binds) { count, values, lengths, formats in
                if let name { return PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0) }
                return PQsendQueryParams(handle, sql.text, count, nil, values, lengths, formats, 0)
            }
            guard sent == 1 else { throw lastError(operation: "pipeline") }
        }
        guard PQpipelineSync(handle) == 1 else { throw lastError(operation: "pipeline") }
        var results: [QueryResult] = []
        var failure: PostgresError?
        var next = commands.makeIterator()
        // Each command's results end with a NULL; the sync point ends the whole batch.
        while true {
            guard let result = PQgetResult(handle) else {
                if PQstatus(handle) != CONNECTION_OK { throw lastError(operation: "pipeline") }
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            let prepare = next.next() ?? nil
            if status == PGRES_PIPELINE_ABORTED {
                PQclear(result)
            } else if status == PGRES_FATAL_ERROR {
                if failure == nil { failure = Self.error(from: result, connection: handle, operation: "pipeline") }
                PQclear(result)
            } else if let prepare {
                // A prepared statement outlives the transaction: remembered even if a later statement fails.
                preparedNames[prepare.text] = prepare.name
                PQclear(result)
            } else {
                results.append(QueryResult(handle: result))
            }
        }
        if let failure { throw failure }
        return results
    }
}

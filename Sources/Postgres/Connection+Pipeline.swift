import CLibPQ

extension Connection {
    /// Sends several statements in one round trip (libpq pipeline mode) and returns each one's result in order.
    /// They run as one implicit transaction: if one fails, the later ones are skipped and the error is thrown.
    /// Pays where many small independent statements would otherwise each wait for the network.
    public func pipeline(_ statements: [SQL]) throws(PostgresError) -> [QueryResult] {
        guard !statements.isEmpty else { return [] }
        guard PQenterPipelineMode(handle) == 1 else { throw lastError(operation: "pipeline") }
        defer { PQexitPipelineMode(handle) }
        for sql in statements {
            let sent = Binding.withParameters(sql.binds) { count, values, lengths, formats in
                PQsendQueryParams(handle, sql.text, count, nil, values, lengths, formats, 0)
            }
            guard sent == 1 else { throw lastError(operation: "pipeline") }
        }
        guard PQpipelineSync(handle) == 1 else { throw lastError(operation: "pipeline") }
        var results: [QueryResult] = []
        var failure: PostgresError?
        // Each statement's results end with a NULL; the sync point ends the whole batch.
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
            if status == PGRES_PIPELINE_ABORTED {
                PQclear(result)
            } else if status == PGRES_FATAL_ERROR {
                if failure == nil { failure = Self.error(from: result, connection: handle, operation: "pipeline") }
                PQclear(result)
            } else {
                results.append(QueryResult(handle: result))
            }
        }
        if let failure { throw failure }
        return results
    }
}

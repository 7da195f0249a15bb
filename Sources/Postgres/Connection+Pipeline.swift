import CLibPQ

extension Connection {
    /// Sends several statements in one round trip (libpq pipeline mode) and returns each one's result in order.
    /// They run as one implicit transaction: if one fails, the later ones are skipped and the error is thrown.
    /// Pays where many small independent statements would otherwise each wait for the network. A statement made
    /// with `SQL(preparedSQL:)` is prepared in the same round trip the first time and run by name afterwards.
    public func pipeline(_ statements: [SQL]) throws(PostgresError) -> [QueryResult] {
        guard !statements.isEmpty else { return [] }
        return try receive(try send(statements))
    }

    /// A pipeline sent and not yet answered: what `receive` needs to read its answers.
    public struct SentPipeline {
        /// One entry per command sent, in order: a Prepare (its name and text) or a statement (nil).
        fileprivate let commands: [(name: String, text: String)?]
    }

    /// Sends `statements` as one pipeline (one implicit transaction) without waiting for the answers, so that the
    /// caller can wait on another connection meanwhile: the server works on both at once. Nothing else may use this
    /// connection until `receive` has read the answers. `statements` must not be empty.
    public func send(_ statements: [SQL]) throws(PostgresError) -> SentPipeline {
        guard PQenterPipelineMode(handle) == 1 else { throw lastError(operation: "pipeline") }
        var sent = false
        defer { if !sent { PQexitPipelineMode(handle) } }
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
            let queued = Binding.withParameters(sql.binds) { count, values, lengths, formats in
                if let name { return PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0) }
                return PQsendQueryParams(handle, sql.text, count, nil, values, lengths, formats, 0)
            }
            guard queued == 1 else { throw lastError(operation: "pipeline") }
        }
        guard PQpipelineSync(handle) == 1 else { throw lastError(operation: "pipeline") }
        sent = true
        return SentPipeline(commands: commands)
    }

    /// Reads the answers of a pipeline `send` sent, each statement's result in order; throws the first error.
    public func receive(_ sent: SentPipeline) throws(PostgresError) -> [QueryResult] {
        defer { PQexitPipelineMode(handle) }
        var results: [QueryResult] = []
        var failure: PostgresError?
        var next = sent.commands.makeIterator()
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

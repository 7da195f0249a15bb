import Foundation
import ImportParsing
import JobQueue
import Postgres
import Producers

/// The job handlers `import_rka` and `import_kinerja`: open the upload (`ImportSource`), import it in the
/// transaction that also completes the job (the import lands whole with the completion, or not at all), close it.
enum ImportHandler {
    /// A budget file may hold a million lines; the default attempt timeout of an import.
    static let timeoutSeconds = 3 * 3600

    static func runRKA(_ context: JobContext) throws -> JSONText? {
        try run(context) { args, source, tx, hooks in
            try RKAImporter.run(args: args, source: source, on: tx, hooks: hooks)
        }
    }

    static func runKinerja(_ context: JobContext) throws -> JSONText? {
        try run(context) { args, source, tx, hooks in
            try KinerjaImporter.run(args: args, source: source, on: tx, hooks: hooks)
        }
    }

    private static func run(
        _ context: JobContext,
        _ importer: (ImportArgs, ImportSource, Connection, ImportHooks) throws -> ImportSummary
    ) throws -> JSONText? {
        try discardingBadInput { try runImport(context, importer) }
    }

    /// Bad input discards the job at once (`PermanentJobError`); anything else (an unreadable upload) is retried.
    static func discardingBadInput<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ImportInputError {
            throw PermanentJobError(error.description)
        }
    }

    private static func runImport(
        _ context: JobContext,
        _ importer: (ImportArgs, ImportSource, Connection, ImportHooks) throws -> ImportSummary
    ) throws -> JSONText? {
        let args = try context.job.decodeArgs(ImportArgs.self)
        let source = try ImportSource(args: args, on: context.connection)
        defer { source.close() }
        let hooks = ImportHooks(
            progress: { done, read in
                context.reportProgress(done: Int64(done), total: source.estimatedRows(after: read))
            },
            checkCancellation: context.checkCancellation,
            jobID: context.job.id, queue: context.job.queue)
        let summary = try context.completeInTransaction { tx in
            let summary: ImportSummary
            do {
                summary = try importer(args, source, tx, hooks)
            } catch {
                // Bytes changed after the job was sealed explain a failure better than what they broke.
                try source.integrity.check(readWhole: false)
                throw error
            }
            // Nothing commits unless the bytes read were the ones the job was sealed with.
            try source.integrity.check(readWhole: true)
            return (summary, try JSONText(encoding: summary))
        }
        return try JSONText(encoding: summary)
    }
}

import Foundation
import ImportParsing
import JobQueue
import Kinerja
import Postgres
import Producers
import Stores

/// The job handler `import_narasi`: reads the uploaded narrative (its bytes checked against the job's SHA-256),
/// parses it, and stores it for its (government, tahun, OPD) in the transaction that completes the job.
enum NarasiHandler {
    static func run(_ context: JobContext) throws -> JSONText? {
        let args = try context.job.decodeArgs(ImportArgs.self)
        let (upload, integrity) = try ImportSource.sealedUpload(args, on: context.connection)
        return try ImportHandler.discardingBadInput {
            if upload.sizeBytes > NarasiParser.maxBytes {
                throw ImportProblem.file(args.fileName, "narasi lebih besar dari \(NarasiParser.maxBytes / 1024) kB")
            }
            let path = try UploadStore.materialize(args.uploadID, integrity: integrity, on: context.connection)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let parsed = try NarasiParser.parse(try Data(contentsOf: URL(fileURLWithPath: path)), file: args.fileName)
            if let tahun = args.tahun, tahun != parsed.tahun || args.kodeOPD != parsed.kodeOPD {
                throw ImportProblem.file(args.fileName, "kepala berubah setelah diantrekan")
            }
            return try context.completeInTransaction { tx in
                let pemdaID = try ImportPemda.resolve(
                    parsed.pemda, given: try ImportPemda.given(args.pemda, on: tx), file: args.fileName, row: 1, on: tx)
                try NarasiStore.save(
                    parsed.narasi, tahun: parsed.tahun, kodeOPD: parsed.kodeOPD, pemdaID: pemdaID,
                    fileName: args.fileName, jobID: context.job.id, on: tx)
                let result = try JSONText(
                    encoding: [
                        "tahun": String(parsed.tahun), "kode_opd": parsed.kodeOPD ?? "",
                        "pengesahan": parsed.narasi.pengesahan == nil ? "tidak ada" : "ada",
                    ])
                return (result, result)
            }
        }
    }
}

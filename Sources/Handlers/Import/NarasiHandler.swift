import Foundation
import ImportParsing
import JobQueue
import Kinerja
import Postgres
import Producers
import Stores

/// The job handler `import_narasi`: reads the uploaded narrative (its bytes checked against the job's SHA-256),
/// parses it, and stores it for its (tahun, OPD) in the transaction that completes the job.
enum NarasiHandler {
    static func run(_ context: JobContext) throws -> JSONText? {
        let args = try context.job.decodeArgs(ImportArgs.self)
        guard let upload = try UploadStore.find(args.uploadID, on: context.connection) else {
            throw PermanentJobError("\(args.fileName): unggahan \(args.uploadID) tidak ada lagi di basis data")
        }
        let integrity = UploadIntegrity(
            uploadID: upload.id, fileName: args.fileName, sha256: args.sha256,
            sizeBytes: args.sizeBytes ?? upload.sizeBytes)
        do {
            if upload.sizeBytes > NarasiParser.maxBytes {
                throw ImportProblem.file(args.fileName, "narasi lebih besar dari \(NarasiParser.maxBytes / 1024) kB")
            }
            let path = try UploadStore.materialize(args.uploadID, integrity: integrity, on: context.connection)
            defer { try? FileManager.default.removeItem(atPath: path) }
            guard let text = String(data: try Data(contentsOf: URL(fileURLWithPath: path)), encoding: .utf8) else {
                throw ImportProblem.file(args.fileName, "narasi harus teks UTF-8")
            }
            let parsed = try NarasiParser.parse(text, file: args.fileName)
            if let tahun = args.tahun, let kode = args.kodeOPD, tahun != parsed.tahun || kode != parsed.kodeOPD {
                throw ImportProblem.file(args.fileName, "kepala berubah setelah diantrekan")
            }
            return try context.completeInTransaction { tx in
                try NarasiStore.save(
                    parsed.narasi, tahun: parsed.tahun, kodeOPD: parsed.kodeOPD, fileName: args.fileName,
                    jobID: context.job.id, on: tx)
                let result = try JSONText(
                    encoding: [
                        "tahun": String(parsed.tahun), "kode_opd": parsed.kodeOPD,
                        "pengesahan": parsed.narasi.pengesahan == nil ? "tidak ada" : "ada",
                    ])
                return (result, result)
            }
        } catch let error as ImportInputError {
            throw PermanentJobError(error.description)
        }
    }
}

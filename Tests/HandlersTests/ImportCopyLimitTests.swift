import Foundation
import JobQueue
import Postgres
import Producers
import TestSupport
import Testing

@testable import Handlers

/// The budget import's one COPY for many scopes, and where it stops.
@Suite("import_rka: scopes share a COPY within limits")
struct ImportCopyLimitTests {
    @Test("a COPY ends once its scopes hold the contexts or findings limit, before its reserved ids run out")
    func limits() throws {
        let kit = try ImportTestKit("icl")
        defer { kit.cleanup() }
        let kodes = (0..<4).map { TestDatabase.uniqueName("T.icl\($0)") }
        // Every OPD's program prints a wrong percentage: each scope has findings as well as contexts.
        let file = WholeGovernmentImportTests.file(
            kodes.map { WholeGovernmentImportTests.block($0, scale: 1, persen: ("80,00", "90,00")) })
        let job = try kit.enqueueRKA(try kit.write("apbd.csv", file)).jobID
        var args = try JSONDecoder().decode(ImportArgs.self, from: JSONEncoder().encode(try kit.job(job).args))
        args.force = true
        // The import ids of the four scopes: each COPY reserves a block of ids, so the scopes of one COPY have ids
        // one apart and a COPY that ends before using its block leaves a gap (other tests take ids meanwhile: at
        // least that gap). A COPY ending at its scope count leaves none; `manyScopes` covers that.
        func gaps(_ limits: RKAImporter.CopyLimits) throws -> (gaps: [Int64], first: Int64) {
            let source = try ImportSource(args: args, on: kit.conn)
            defer { source.close() }
            let ids = try kit.conn.transaction { tx in
                try RKAImporter.run(args: args, source: source, on: tx, limits: limits).importIDs ?? []
            }
            return (zip(ids.dropFirst(), ids).map { $0 - $1 }, ids[0])
        }
        let (together, first) = try gaps(.init())
        #expect(together == [1, 1, 1])
        let contexts = try kit.count("SELECT count(*)::int FROM kinerja.anggaran_konteks WHERE import_id = \(first)")
        let findings = try kit.count("SELECT count(*)::int FROM kinerja.temuan WHERE import_id = \(first)")
        #expect(contexts > 1 && findings > 0)
        #expect(try gaps(.init(scopes: 8, contexts: contexts + 1)).gaps.map { $0 == 1 } == [true, false, true])
        #expect(try gaps(.init(scopes: 8, contexts: contexts)).gaps.allSatisfy { $0 >= 8 })
        #expect(try gaps(.init(scopes: 8, findings: findings + 1)).gaps.map { $0 == 1 } == [true, false, true])
        #expect(try gaps(.init(scopes: 8, findings: findings)).gaps.allSatisfy { $0 >= 8 })
    }
}

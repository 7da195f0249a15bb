import Foundation
import ImportParsing
import JobQueue
import Kinerja
import Postgres
import Producers
import Stores

/// The performance import (`import_kinerja`) on a caller's transaction: upserts OPD, sasaran, indikator and
/// the values per indicator and year from the Perjanjian Kinerja rows, checks comparison rows against them
/// (`TARGET_BEDA`, `PERSEN_BEDA`), and enqueues one `recompute_capaian` per (tahun, OPD) written. Performance
/// files are small (one row per indicator and year), so they are read whole before anything is written.
enum KinerjaImporter {
    static let upsertValue = """
        INSERT INTO kinerja.indikator_nilai (indikator_id, tahun, target, target_min, target_max, target_rpjmd,
            target_akhir_periode, realisasi, import_id, source_row)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (indikator_id, tahun) DO UPDATE
            SET target = excluded.target, target_min = excluded.target_min, target_max = excluded.target_max,
                target_rpjmd = excluded.target_rpjmd, target_akhir_periode = excluded.target_akhir_periode,
                realisasi = excluded.realisasi, import_id = excluded.import_id, source_row = excluded.source_row
        """

    static func run(args: ImportArgs, source: ImportSource, on tx: Connection, hooks: ImportHooks = .init()) throws
        -> ImportSummary
    {
        let started = Date()
        let isIKU = args.iku == true
        var rows = try ImportRows(
            reader: try source.makeReader(), file: source.displayName,
            matcher: PerformanceColumns.matcher(tahunGiven: args.tahun != nil, opdGiven: args.kodeOPD != nil || isIKU),
            percentColumn: "capaian")
        if isIKU, args.kodeOPD != nil || rows.columns.index["kode_opd"] != nil {
            throw ImportProblem.ikuWithOPD(source.displayName)
        }
        let style = IndonesianNumber.detectStyle(rows.samples("realisasi")) ?? .indonesian
        // Each column's own style; XLSX numeric cells are machine numbers (a decimal point).
        let styles = PerformanceRowParser.Styles(
            target: IndonesianNumber.detectStyle(rows.samples("target")) ?? style,
            capaian: source.isXLSX ? .us : IndonesianNumber.detectStyle(rows.samples("capaian")) ?? style,
            machine: source.isXLSX)
        var parser = PerformanceRowParser(
            columns: rows.columns, tahun: args.tahun, kodeOPD: args.kodeOPD, style: style, styles: styles, isIKU: isIKU)
        var records: [PerformanceRecord] = []
        var skipped = 0
        while let (row, cells) = try rows.next() {
            // The rows are held until the file is read: a file far beyond any LKIP's indicators is refused early.
            if rows.count > PerformanceRowParser.maxRows {
                throw ImportProblem.file(
                    source.displayName,
                    "lebih dari \(IndonesianFormat.number(Decimal(PerformanceRowParser.maxRows))) baris: berkas kinerja memuat "
                        + "indikator dan capaiannya, bukan data rinci; periksa berkasnya")
            }
            if let record = try parser.parse(cells, row: row) { records.append(record) } else { skipped += 1 }
            if rows.count % ImportHooks.interval == 0 { try hooks.checkCancellation() }
        }
        let notes = records.flatMap { r in r.notes.map { (tahun: r.tahun, kodeOPD: r.kodeOPD, temuan: $0) } }
        let means = records.filter { $0.mean != nil }
        records.removeAll { $0.mean != nil }
        let pk = records.filter(\.isPK)
        guard !pk.isEmpty else {
            throw ImportProblem.noPerformanceRows(source.displayName)
        }
        let polarities = try indicatorPolarities(pk, file: source.displayName, columns: rows.columns)
        try rejectDuplicates(pk, file: source.displayName)

        let pemdaID = try pemda(of: pk, given: args.pemda, file: source.displayName, on: tx)
        let scopes = Array(
            Set(pk.map { ImportScope(tahun: $0.tahun, kodeOPD: $0.kodeOPD, versi: nil, pemdaID: pemdaID) })
        ).sorted { ($0.kodeOPD, $0.tahun) < ($1.kodeOPD, $1.tahun) }
        for scope in scopes {
            try tx.query(
                "SELECT pg_advisory_xact_lock(hashtext(\("import_kinerja:\(pemdaID):\(scope.tahun):\(scope.kodeOPD)")))"
            )
        }
        var opds: [String: PerformanceRecord] = [:]
        for r in pk where opds[r.kodeOPD] == nil || (opds[r.kodeOPD]!.namaOPD.isEmpty && !r.namaOPD.isEmpty) {
            opds[r.kodeOPD] = r
        }
        for (kode, r) in opds.sorted(by: { $0.key < $1.key }) where !kode.isEmpty {
            try OPDUpsert.run(pemdaID: pemdaID, kode: kode, nama: r.namaOPD, on: tx)
        }
        for scope in scopes {
            try tx.query(
                """
                DELETE FROM kinerja.temuan
                WHERE asal = 'import' AND pemda_id = \(pemdaID) AND tahun = \(scope.tahun)
                  AND kode_opd IS NOT DISTINCT FROM NULLIF(\(scope.kodeOPD), '')
                  AND import_id IN (SELECT id FROM kinerja.imports WHERE kind = 'kinerja')
                """)
        }
        let years = Set(scopes.map(\.tahun))
        let opdCodes = Set(scopes.map(\.kodeOPD))
        let importID = try tx.query(
            SQL(
                unsafeSQL: """
                    INSERT INTO kinerja.imports (kind, upload_id, file_name, sha256, tahun, kode_opd, rows, job_id,
                                                 pemda_id)
                    VALUES ('kinerja', $1, $2, $3, $4, NULLIF($5, ''), $6, $7, $8) RETURNING id
                    """,
                binds: [
                    args.uploadID, args.fileName, args.sha256, years.count == 1 ? years.first : nil,
                    opdCodes.count == 1 ? opdCodes.first : nil, pk.count, hooks.jobID, pemdaID,
                ])
        ).first!.decode(0, as: Int64.self)

        var sasaranIDs: [IndicatorKey: Int64] = [:]
        var indikatorIDs: [IndicatorKey: Int64] = [:]
        for r in pk {
            let sasaranKey = IndicatorKey.sasaran(of: r)
            if sasaranIDs[sasaranKey] == nil {
                sasaranIDs[sasaranKey] = try tx.query(
                    """
                    INSERT INTO kinerja.sasaran AS s (pemda_id, kode_opd, nama)
                    VALUES (\(pemdaID), NULLIF(\(r.kodeOPD), ''), \(r.sasaran))
                    ON CONFLICT (pemda_id, kode_opd, nama) DO UPDATE SET nama = s.nama RETURNING id
                    """
                ).first!.decode(0, as: Int64.self)
            }
            let indikatorKey = IndicatorKey.indikator(of: r)
            if indikatorIDs[indikatorKey] == nil {
                let polaritas = polarities[indikatorKey] ?? .positif
                indikatorIDs[indikatorKey] = try tx.query(
                    """
                    INSERT INTO kinerja.indikator AS i (sasaran_id, nama, satuan, polaritas, metode)
                    VALUES (\(sasaranIDs[sasaranKey]!), \(r.indikator), \(r.satuan), \(polaritas.rawValue), \(r.metode.rawValue))
                    ON CONFLICT (sasaran_id, nama) DO UPDATE
                        SET satuan = excluded.satuan, polaritas = excluded.polaritas, metode = excluded.metode
                    RETURNING id
                    """
                ).first!.decode(0, as: Int64.self)
            }
            try tx.query(
                SQL(
                    unsafeSQL: upsertValue,
                    binds: [
                        indikatorIDs[indikatorKey]!, r.tahun, r.targetText.nilIfEmpty, r.target_min, r.target_max,
                        r.targetRPJMD.nilIfEmpty, r.targetAkhirPeriode.nilIfEmpty, r.realisasi, importID, r.row,
                    ]))
        }

        let comparisons = records.filter { !$0.isPK }
        let findings =
            try checkPrinted(
                pk, polarities: polarities, file: source.displayName, columns: rows.columns, style: styles.capaian)
            + withoutSasaran(pk, file: source.displayName)
            + checkMeans(
                means, of: pk, polarities: polarities, file: source.displayName, columns: rows.columns,
                style: styles.capaian)
            + notes
            + compare(
                comparisons, with: pk, polarities: polarities, file: source.displayName, columns: rows.columns,
                style: styles.capaian, pemdaID: pemdaID, on: tx)
        try TemuanWriter.write(
            findings.map { ($0.tahun, $0.kodeOPD.isEmpty ? nil : $0.kodeOPD, $0.temuan) }, pemdaID: pemdaID,
            importID: importID, on: tx)
        var recomputeIDs: [Int64] = []
        // In a fixed order, so two imports that share scopes take their locks the same way round.
        for scope in scopes.sorted(by: { ($0.tahun, $0.kodeOPD) < ($1.tahun, $1.kodeOPD) }) {
            // The government's own indicators are recomputed with its whole year.
            let args = RecomputeArgs(
                tahun: scope.tahun, kodeOPD: scope.kodeOPD.isEmpty ? nil : scope.kodeOPD, pemdaID: pemdaID)
            recomputeIDs.append(try args.enqueueFollowUp(on: tx))
        }
        hooks.progress(rows.count, rows.count)
        let counts = TemuanWriter.counts(findings.map(\.temuan))
        return ImportSummary(
            importID: importID, kind: "kinerja", fileName: source.displayName, rows: rows.count, written: pk.count,
            checkedRows: comparisons.count, skippedRows: skipped, temuan: counts.bySeverity,
            temuanByCode: counts.byCode, scopes: scopes, recomputeJobIDs: recomputeIDs,
            seconds: Date().timeIntervalSince(started))
    }

    /// The one government of a performance file: the one its rows name (all the same), else `--pemda`, else the
    /// database's only one.
    static func pemda(of pk: [PerformanceRecord], given: String?, file: String, on tx: Connection) throws -> Int {
        let naming = pk.filter { !$0.pemda.isEmpty }
        // Every row's code and name must agree with what the rows above said; the database then checks the name
        // against the code.
        var named = PemdaName.none
        for r in naming {
            guard r.pemda.agrees(with: named) else {
                throw ImportProblem.row(
                    file: file, row: r.row,
                    "pemerintah \(r.pemda.nama.isEmpty ? r.pemda.kode : r.pemda.nama) berbeda dengan baris "
                        + "\(naming[0].row); satu berkas kinerja untuk satu pemerintah")
            }
            named = named.merged(with: r.pemda)
        }
        return try ImportPemda.resolve(
            named, given: try ImportPemda.given(given, on: tx), file: file, row: naming.first?.row ?? pk[0].row,
            on: tx)
    }

    /// One polaritas per indicator: the rows that name one must agree.
    static func indicatorPolarities(_ pk: [PerformanceRecord], file: String, columns: ColumnMap) throws
        -> [IndicatorKey: Polaritas]
    {
        var out: [IndicatorKey: (Polaritas, Int)] = [:]
        for r in pk {
            guard let p = r.polaritas else { continue }
            let key = IndicatorKey.indikator(of: r)
            if let (known, row) = out[key], known != p {
                throw ImportProblem.cell(
                    file: file, row: r.row, column: "polaritas", index: columns.index["polaritas"],
                    text: p.rawValue,
                    reason: "baris \(row) memberi polaritas \(known.rawValue) "
                        + "untuk indikator yang sama")
            }
            out[key] = (p, r.row)
        }
        return out.mapValues(\.0)
    }

    /// Two PK rows for one indicator and year would silently overwrite each other.
    static func rejectDuplicates(_ pk: [PerformanceRecord], file: String) throws {
        var seen: [IndicatorKey: Int] = [:]
        for r in pk {
            let key = IndicatorKey.indikatorTahun(of: r)
            if let earlier = seen[key] {
                throw ImportProblem.row(
                    file: file, row: r.row,
                    "indikator \"\(r.indikator)\" tahun \(r.tahun) sudah ada di baris \(earlier)")
            }
            seen[key] = r.row
        }
    }

    /// TARGET_BEDA and PERSEN_BEDA for rows from other documents. The PK target comes from this file, else from
    /// the database (an earlier import); indicators are matched by name within the OPD.
    static func compare(
        _ rows: [PerformanceRecord], with pk: [PerformanceRecord], polarities: [IndicatorKey: Polaritas], file: String,
        columns: ColumnMap, style: NumberStyle, pemdaID: Int, on tx: Connection
    ) throws -> [(tahun: Int, kodeOPD: String, temuan: Temuan)] {
        var byName: [IndicatorKey: PerformanceRecord] = [:]
        for r in pk { byName[IndicatorKey.byName(of: r)] = r }
        var findings: [(Int, String, Temuan)] = []
        for r in rows {
            let source = "\(file) baris \(r.row) (\(r.dokumen))"
            var pkTarget: Target?
            var polaritas = r.polaritas
            var metode = r.metode
            if let p = byName[IndicatorKey.byName(of: r)] {
                pkTarget = p.target
                polaritas = polaritas ?? polarities[IndicatorKey.indikator(of: p)]
                metode = p.metode
            } else if let stored = try
                (tx.query(
                    """
                    SELECT n.target_min, n.target_max, i.polaritas FROM kinerja.indikator_nilai n
                    JOIN kinerja.indikator i ON i.id = n.indikator_id JOIN kinerja.sasaran s ON s.id = i.sasaran_id
                    WHERE s.pemda_id = \(pemdaID) AND s.kode_opd IS NOT DISTINCT FROM NULLIF(\(r.kodeOPD), '')
                      AND n.tahun = \(r.tahun)
                      AND lower(regexp_replace(i.nama, '\\s+', ' ', 'g')) = \(PerformanceRecord.matchKey(r.indikator))
                    LIMIT 1
                    """)).first
            {
                if let low = try stored.decode(0, as: Decimal?.self), let high = try stored.decode(1, as: Decimal?.self)
                {
                    pkTarget = low == high ? .value(low) : .range(low, high)
                }
                let storedPolaritas = Polaritas(rawValue: try stored.decode(2, as: String.self))
                polaritas = polaritas ?? storedPolaritas
            }
            if let finding = ConsistencyCheck.targetDiffers(
                indicator: r.indikator, year: r.tahun, target: r.target, perjanjianTarget: pkTarget, source: source)
            {
                findings.append((r.tahun, r.kodeOPD, finding))
            }
            if let finding = try printedCapaian(
                r, polaritas: polaritas ?? .positif, method: metode, detail: "\(r.dokumen) tahun \(r.tahun)",
                source: source, file: file, columns: columns, style: style)
            {
                findings.append((r.tahun, r.kodeOPD, finding))
            }
        }
        return findings
    }

    /// PERSEN_BEDA for printed means: a sasaran's (`Rata-rata`) or the year's and OPD's (`Rata-rata seluruh
    /// indikator`), against the mean of the capaian the file's own PK rows give.
    static func checkMeans(
        _ means: [PerformanceRecord], of pk: [PerformanceRecord], polarities: [IndicatorKey: Polaritas], file: String,
        columns: ColumnMap, style: NumberStyle
    ) throws -> [(tahun: Int, kodeOPD: String, temuan: Temuan)] {
        try means.compactMap { m -> (tahun: Int, kodeOPD: String, temuan: Temuan)? in
            let members = pk.filter {
                $0.tahun == m.tahun && $0.kodeOPD == m.kodeOPD && (m.mean == .all || $0.sasaran == m.sasaran)
            }
            let summary = SasaranSummary(
                sasaran: m.sasaran,
                indicators: members.map { r in
                    let polaritas = r.polaritas ?? polarities[IndicatorKey.indikator(of: r)] ?? .positif
                    let result = CapaianRule.compute(
                        target: r.target, realisasi: r.realisasi, polaritas: polaritas, method: r.metode)
                    return (r.indikator, result.value)
                })
            let label =
                m.mean == .all ? "Rata-rata seluruh indikator tahun \(m.tahun)" : "Rata-rata sasaran \(m.sasaran)"
            do throws(NumberError) {
                return try PrintedCapaian.checkMean(
                    m.capaian, mean: summary.mean, counted: summary.counted, label: label,
                    source: "\(file) baris \(m.row)", style: style
                ).map { (tahun: m.tahun, kodeOPD: m.kodeOPD, temuan: $0) }
            } catch {
                throw ImportProblem.number(
                    error, file: file, row: m.row, column: "capaian", index: columns.index["capaian"])
            }
        }
    }

    /// One SASARAN_KOSONG warning per (tahun, OPD) whose indicators name no sasaran, counting them.
    static func withoutSasaran(_ pk: [PerformanceRecord], file: String) -> [(
        tahun: Int, kodeOPD: String, temuan: Temuan
    )] {
        let groups = Dictionary(grouping: pk.filter(\.hasNoSasaran)) {
            IndicatorKey(kodeOPD: $0.kodeOPD, tahun: $0.tahun)
        }
        return groups.sorted { ($0.key.tahun ?? 0, $0.key.kodeOPD) < ($1.key.tahun ?? 0, $1.key.kodeOPD) }.map {
            key, rows in
            let first = rows.map(\.row).min() ?? 0
            return (
                key.tahun ?? 0, key.kodeOPD,
                Temuan(
                    .sasaranKosong,
                    message: "\(rows.count) indikator tanpa sasaran dicatat di bawah kelompok "
                        + "\"\(PerformanceRecord.withoutSasaran)\"; beri kolom sasaran bila indikator ini milik sasaran "
                        + "strategis tertentu.", source: "\(file) baris \(first)")
            )
        }
    }

    /// PERSEN_BEDA for the capaian a Perjanjian Kinerja row prints, against the capaian of its own figures.
    static func checkPrinted(
        _ pk: [PerformanceRecord], polarities: [IndicatorKey: Polaritas], file: String, columns: ColumnMap,
        style: NumberStyle
    ) throws -> [(tahun: Int, kodeOPD: String, temuan: Temuan)] {
        try pk.compactMap { r in
            let polaritas = r.polaritas ?? polarities[IndicatorKey.indikator(of: r)] ?? .positif
            return try printedCapaian(
                r, polaritas: polaritas, method: r.metode, detail: "tahun \(r.tahun)",
                source: "\(file) baris \(r.row)", file: file, columns: columns, style: style
            ).map { (r.tahun, r.kodeOPD, $0) }
        }
    }

    /// The row's printed capaian checked (`PrintedCapaian`); an unreadable one fails the import naming the cell.
    private static func printedCapaian(
        _ r: PerformanceRecord, polaritas: Polaritas, method: CapaianMethod, detail: String, source: String,
        file: String, columns: ColumnMap, style: NumberStyle
    ) throws -> Temuan? {
        guard !r.capaian.isEmpty else { return nil }
        do {
            return try PrintedCapaian.check(
                r.capaian, target: r.target, realisasi: r.realisasi, polaritas: polaritas, method: method,
                label: r.indikator, detail: detail, source: source, style: style)
        } catch {
            throw ImportProblem.number(
                error, file: file, row: r.row, column: "capaian", index: columns.index["capaian"])
        }
    }
}

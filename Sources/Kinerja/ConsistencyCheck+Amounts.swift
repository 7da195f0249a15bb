import Foundation

extension ConsistencyCheck {
    /// `PERSEN_BEDA`: a printed percentage that differs from the computed one.
    ///
    /// The computed value is rounded half up to as many decimals as the printed text shows
    /// (`97.00` → 2, `11%` → 0) before comparing, so only real differences are reported.
    /// A percentage printed where none can be computed (e.g. `0%` for a missing realisasi) is reported too.
    /// Throws when the printed text is not a number; returns nil when nothing was printed.
    public static func printedPercent(
        _ printed: String, computed: Decimal?, label: String, detail: @autoclosure () -> String? = nil,
        source: String? = nil, style: NumberStyle = .indonesian
    ) throws(NumberError) -> Temuan? {
        guard let parsed = try IndonesianNumber.parseDetailed(printed, style: style, percent: true) else { return nil }
        if let computed, IndonesianFormat.round(computed, places: parsed.fractionDigits) == parsed.value { return nil }
        // Texts only for a finding: formatting them for every row checked cost more than the check.
        let shown = IndonesianFormat.number(parsed.value) + "%"
        let note = detail().map { " (\($0))" } ?? ""
        guard let computed else {
            return Temuan(
                .persenBeda,
                message:
                    "\(prefix(label))persentase tercetak \(shown), padahal persentase tidak dapat dihitung\(note).",
                source: source)
        }
        return Temuan(
            .persenBeda,
            message:
                "\(prefix(label))persentase tercetak \(shown), hasil hitung \(IndonesianFormat.percent(computed))\(note).",
            source: source)
    }

    /// `PERSEN_BEDA` for a budget row: the printed penyerapan against realisasi / anggaran × 100.
    public static func printedAbsorption(
        _ printed: String, anggaran: Decimal, realisasi: Decimal, label: String, source: String? = nil,
        style: NumberStyle = .indonesian
    ) throws(NumberError) -> Temuan? {
        try printedPercent(
            printed, computed: Absorption.percent(realisasi: realisasi, anggaran: anggaran), label: label,
            detail: "realisasi \(amount(realisasi)) / anggaran \(amount(anggaran))", source: source, style: style)
    }

    /// `JUMLAH_BEDA`: a total row that is not the exact sum of its rows.
    public static func totalRow(
        label: String, column: String, printed: Decimal, rows: [Decimal], source: String? = nil
    ) -> Temuan? {
        let sum = rows.reduce(Decimal(0), +)
        guard sum != printed else { return nil }
        return Temuan(
            .jumlahBeda,
            message: "\(prefix(label))\(column) tercetak \(amount(printed)), "
                + "jumlah \(rows.count) baris di atasnya \(amount(sum)) (selisih \(amount(printed - sum))).",
            source: source)
    }

    /// `INDUK_BEDA`: for every line whose code has children among `lines`, its anggaran (and its
    /// realisasi, when all are known) must equal the sum of its direct children. Ordered by code.
    public static func parentSums(_ lines: [BudgetLine], kind: BudgetCode.Kind? = nil) -> [Temuan] {
        var byCode: [String: BudgetLine] = [:]
        var children: [String: [BudgetLine]] = [:]
        for line in lines {
            guard let code = try? BudgetCode.parse(line.code, kind: kind) else { continue }
            byCode[code.text] = line
            if let parent = code.parent { children[parent.text, default: []].append(line) }
        }
        var findings: [Temuan] = []
        for parentCode in children.keys.sorted() {
            guard let parent = byCode[parentCode], let kids = children[parentCode] else { continue }
            let label = "Kode \(parentCode)" + (parent.name.isEmpty ? "" : " (\(parent.name))")
            let anggaran = kids.reduce(Decimal(0)) { $0 + $1.anggaran }
            if anggaran != parent.anggaran {
                findings.append(parentFinding(label, "anggaran", parent.anggaran, anggaran, kids.count, parent.source))
            }
            let realisasi = kids.compactMap(\.realisasi)
            if let own = parent.realisasi, realisasi.count == kids.count {
                let sum = realisasi.reduce(Decimal(0), +)
                if sum != own {
                    findings.append(parentFinding(label, "realisasi", own, sum, kids.count, parent.source))
                }
            }
        }
        return findings
    }

    private static func parentFinding(
        _ label: String, _ column: String, _ own: Decimal, _ sum: Decimal, _ count: Int, _ source: String?
    ) -> Temuan {
        Temuan(
            .indukBeda,
            message: "\(label): \(column) \(amount(own)) tidak sama dengan jumlah \(count) "
                + "kode di bawahnya \(amount(sum)) (selisih \(amount(own - sum))).", source: source)
    }
}

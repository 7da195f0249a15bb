import Foundation

/// A capaian printed in a table, checked against the one the rules give; when they differ, the finding names the
/// formula that reproduces the printed value (officials sign figures someone typed, often with the wrong formula).
public enum PrintedCapaian {
    /// One formula a printed capaian may have come from, with its value for this row.
    struct Candidate {
        let name: String
        let value: Decimal
    }

    /// `PERSEN_BEDA` when `printed` differs from the computed capaian by more than 0,01 points and is not the
    /// computed value rounded to the printed decimals; also when a capaian is printed that cannot be computed.
    /// Throws when the printed text is not a number; nil when nothing was printed or it is right.
    public static func check(
        _ printed: String, target: Target?, realisasi: Decimal?, polaritas: Polaritas, method: CapaianMethod,
        label: String, detail: String? = nil, source: String? = nil, style: NumberStyle = .indonesian
    ) throws(NumberError) -> Temuan? {
        guard let parsed = try IndonesianNumber.parseDetailed(printed, style: style, percent: true) else { return nil }
        let shown = IndonesianFormat.number(parsed.value) + "%"
        let prefix = label.isEmpty ? "" : label + ": "
        let place = detail.map { " (\($0))" } ?? ""
        let result = CapaianRule.compute(target: target, realisasi: realisasi, polaritas: polaritas, method: method)
        guard let computed = result.value else {
            return Temuan(
                .persenBeda,
                message: "\(prefix)capaian tercetak \(shown), padahal capaian tidak dapat dihitung\(place): "
                    + (result.keterangan ?? "nilai tidak lengkap"), source: source)
        }
        let digits = parsed.fractionDigits
        if abs(computed - parsed.value) <= Decimal(string: "0.01")!
            || IndonesianFormat.round(computed, places: digits) == parsed.value
        {
            return nil
        }
        let rule =
            "indikator ini \(polaritas.rawValue) dengan metode \(method.label): \(IndonesianFormat.percent(computed))"
        let how =
            match(parsed.value, digits: digits, computed: computed, target: target!, realisasi: realisasi!)
            .map { "\(shown) = \($0)" } ?? "\(shown) tidak cocok dengan rumus yang dikenal"
        return Temuan(.persenBeda, message: "\(prefix)capaian tercetak \(how); \(rule)\(place).", source: source)
    }

    /// `PERSEN_BEDA` for a printed mean capaian (a sasaran's, or the whole table's) against the mean of the
    /// capaian the rules give for its `counted` indicators; a mean cut instead of rounded is named.
    public static func checkMean(
        _ printed: String, mean: Decimal?, counted: Int, label: String, source: String? = nil,
        style: NumberStyle = .indonesian
    ) throws(NumberError) -> Temuan? {
        guard let parsed = try IndonesianNumber.parseDetailed(printed, style: style, percent: true) else { return nil }
        let shown = IndonesianFormat.number(parsed.value) + "%"
        guard let mean else {
            return Temuan(
                .persenBeda,
                message: "\(label): rata-rata tercetak \(shown), padahal tidak ada capaian indikator yang dapat "
                    + "dihitung.", source: source)
        }
        let digits = parsed.fractionDigits
        if abs(mean - parsed.value) <= Decimal(string: "0.01")!
            || IndonesianFormat.round(mean, places: digits) == parsed.value
        {
            return nil
        }
        let how = truncated(mean, places: digits) == parsed.value ? " = rata-rata yang dipotong (tidak dibulatkan)" : ""
        return Temuan(
            .persenBeda,
            message: "\(label): rata-rata tercetak \(shown)\(how); rata-rata capaian \(counted) indikator: "
                + "\(IndonesianFormat.percent(mean)).", source: source)
    }

    /// The formula whose value, rounded or cut to the printed decimals (or rounded to a whole number), gives the
    /// printed value: first the right formula done carelessly, then the other known formulas; nil when none does.
    static func match(
        _ printed: Decimal, digits: Int, computed: Decimal, target: Target, realisasi: Decimal
    ) -> String? {
        if let how = shaped(computed, printed: printed, digits: digits, rounded: false) {
            return "hasil rumus yang benar, " + how
        }
        for c in formulas(target: target, realisasi: realisasi) where c.value != computed {
            if let how = shaped(c.value, printed: printed, digits: digits, rounded: true) {
                return c.name + (how.isEmpty ? "" : ", " + how)
            }
        }
        return nil
    }

    /// How `value` became `printed`: "" rounded (when `rounded` counts), cut, or rounded to a whole number.
    private static func shaped(_ value: Decimal, printed: Decimal, digits: Int, rounded: Bool) -> String? {
        if rounded, IndonesianFormat.round(value, places: digits) == printed { return "" }
        if truncated(value, places: digits) == printed { return "dipotong (tidak dibulatkan)" }
        if digits > 0, IndonesianFormat.round(value, places: 0) == printed { return "dibulatkan ke bilangan bulat" }
        return nil
    }

    /// realisasi / target, target / realisasi and (2 × target − realisasi) / target, for a single target or for
    /// each bound of a range, and 100 % for a realisasi inside a range.
    static func formulas(target: Target, realisasi: Decimal) -> [Candidate] {
        let bounds: [(String, Decimal)]
        switch target {
        case .value(let t): bounds = [("", t)]
        case .range(let low, let high):
            bounds = [(" dengan batas bawah target", low), (" dengan batas atas target", high)]
        }
        var out: [Candidate] = []
        for (bound, t) in bounds {
            if t != 0 {
                out.append(Candidate(name: "realisasi / target" + bound, value: realisasi * 100 / t))
                out.append(
                    Candidate(name: "(2 × target − realisasi) / target" + bound, value: (2 * t - realisasi) * 100 / t))
            }
            if realisasi != 0 { out.append(Candidate(name: "target / realisasi" + bound, value: t * 100 / realisasi)) }
        }
        if case .range = target { out.append(Candidate(name: "100% (realisasi dalam rentang target)", value: 100)) }
        return out
    }

    /// `value` cut (not rounded) to `places` decimals, toward zero.
    static func truncated(_ value: Decimal, places: Int) -> Decimal {
        var input = value
        var out = Decimal()
        NSDecimalRound(&out, &input, places, value < 0 ? .up : .down)
        return out
    }
}

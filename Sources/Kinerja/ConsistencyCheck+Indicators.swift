import Foundation

extension ConsistencyCheck {
    /// `TARGET_BEDA`: a target that differs from the Perjanjian Kinerja (performance agreement)
    /// target for the same indicator and year. Nil when either is missing.
    public static func targetDiffers(
        indicator: String, year: Int, target: Target?, perjanjianTarget: Target?, source: String? = nil
    ) -> Temuan? {
        guard let target, let perjanjianTarget, target != perjanjianTarget else { return nil }
        return Temuan(
            .targetBeda,
            message: "\(indicator) tahun \(year): target tercetak \(target), sedangkan "
                + "Perjanjian Kinerja menetapkan \(perjanjianTarget).", source: source)
    }

    /// `REALISASI_KOSONG`: no realisasi for the indicator and year.
    public static func missingRealisasi(
        indicator: String, year: Int, realisasi: Decimal?, source: String? = nil
    ) -> Temuan? {
        guard realisasi == nil else { return nil }
        return Temuan(
            .realisasiKosong,
            message: "\(indicator) tahun \(year): realisasi kosong; capaian tidak "
                + "dihitung dan tidak ikut dirata-ratakan.", source: source)
    }

    /// Words that mark a rank, where 1 is best. "Indeks" alone is not one: most indices are higher-is-better.
    static let rankWords: Set<String> = ["peringkat", "rangking", "ranking", "rank", "urutan"]

    /// `POLARITAS_MERAGUKAN`: the name or satuan (unit) says rank, but polaritas says higher is better.
    public static func doubtfulPolarity(
        indicator: String, satuan: String? = nil, polaritas: Polaritas, source: String? = nil
    ) -> Temuan? {
        guard polaritas == .positif else { return nil }
        let text = (indicator + " " + (satuan ?? "")).lowercased()
        let words = Set(text.split { !$0.isLetter }.map(String.init))
        guard let word = rankWords.first(where: words.contains) else { return nil }
        return Temuan(
            .polaritasMeragukan,
            message: "\(indicator): tampak sebagai peringkat (\"\(word)\") "
                + "tetapi polaritasnya positif (makin tinggi makin baik). Untuk peringkat, angka lebih kecil "
                + "biasanya lebih baik: periksa apakah seharusnya negatif.", source: source)
    }

    /// `CAPAIAN_NEGATIF_SALAH`: a printed capaian of a lower-is-better indicator that equals
    /// realisasi / target × 100 (the higher-is-better formula) and not the correct value.
    /// Throws when the printed text is not a number; nil when nothing can be concluded.
    public static func wrongNegativeFormula(
        indicator: String, printedCapaian: String, target: Target?, realisasi: Decimal?,
        polaritas: Polaritas, method: CapaianMethod, source: String? = nil
    ) throws(NumberError) -> Temuan? {
        guard polaritas == .negatif,
            let printed = try IndonesianNumber.parseDetailed(printedCapaian, style: .indonesian, percent: true),
            let wrong = CapaianRule.compute(
                target: target, realisasi: realisasi, polaritas: .positif,
                method: .standard
            ).value
        else { return nil }
        let digits = printed.fractionDigits
        let correct = CapaianRule.compute(target: target, realisasi: realisasi, polaritas: .negatif, method: method)
        guard IndonesianFormat.round(wrong, places: digits) == printed.value,
            correct.value.map({ IndonesianFormat.round($0, places: digits) }) != printed.value
        else { return nil }
        let shown = IndonesianFormat.number(printed.value) + "%"
        let right = correct.value.map(IndonesianFormat.percent) ?? "tidak dapat dihitung"
        let exceeded = printed.value > 100 ? " seolah melampaui target," : ""
        return Temuan(
            .capaianNegatifSalah,
            message: "\(indicator): capaian tercetak \(shown)\(exceeded) dihitung "
                + "sebagai realisasi / target, padahal indikator ini makin rendah makin baik; capaian yang benar "
                + "\(right).", source: source)
    }

    /// `CAPAIAN_DIBATASI_NOL`: the formula gave a negative number and the capaian was shown as 0.
    public static func flooredAtZero(
        indicator: String, year: Int, result: CapaianResult, source: String? = nil
    ) -> Temuan? {
        guard result.flags.contains(.flooredAtZero) else { return nil }
        return Temuan(
            .capaianDibatasiNol,
            message: "\(indicator) tahun \(year): "
                + (result.keterangan ?? "hasil rumus negatif; capaian dibatasi 0%."), source: source)
    }
}

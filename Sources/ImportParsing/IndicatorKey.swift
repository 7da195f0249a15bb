/// How the performance import finds a sasaran or an indikator again within a file: by OPD and the parts that name
/// it. A dictionary key instead of names joined with a separator, which a name holding that separator would break.
package struct IndicatorKey: Hashable, Sendable {
    package let kodeOPD: String
    /// Nil when indicators are matched by name alone within the OPD (documents word their sasaran differently).
    package let sasaran: String?
    /// Nil for the sasaran itself.
    package let indikator: String?
    /// Nil for the indikator over all its years.
    package let tahun: Int?

    /// An OPD in one year.
    package init(kodeOPD: String, tahun: Int) {
        self.init(kodeOPD: kodeOPD, sasaran: nil, indikator: nil, tahun: tahun)
    }

    private init(kodeOPD: String, sasaran: String?, indikator: String?, tahun: Int?) {
        self.kodeOPD = kodeOPD
        self.sasaran = sasaran
        self.indikator = indikator
        self.tahun = tahun
    }

    /// The row's sasaran.
    package static func sasaran(of r: PerformanceRecord) -> IndicatorKey {
        IndicatorKey(kodeOPD: r.kodeOPD, sasaran: r.sasaran, indikator: nil, tahun: nil)
    }

    /// The row's indikator, over all its years.
    package static func indikator(of r: PerformanceRecord) -> IndicatorKey {
        IndicatorKey(kodeOPD: r.kodeOPD, sasaran: r.sasaran, indikator: r.indikator, tahun: nil)
    }

    /// The row's indikator in the row's year: what one PK row may give once.
    package static func indikatorTahun(of r: PerformanceRecord) -> IndicatorKey {
        IndicatorKey(kodeOPD: r.kodeOPD, sasaran: r.sasaran, indikator: r.indikator, tahun: r.tahun)
    }

    /// An indikator of the OPD with this name (`PerformanceRecord.matchKey`) in the row's year, whatever its
    /// sasaran: how other documents' rows find the Perjanjian Kinerja row.
    package static func byName(of r: PerformanceRecord) -> IndicatorKey {
        IndicatorKey(
            kodeOPD: r.kodeOPD, sasaran: nil, indikator: PerformanceRecord.matchKey(r.indikator), tahun: r.tahun)
    }
}

import Foundation

@testable import Kinerja

/// Figures from the seed LKIP (Badan Kesatuan Bangsa dan Politik Kota Palangka Raya, 2020),
/// tables 2.2, 3.1, 3.2, 3.6 and 3.7, as the document prints them.
enum Seed {
    /// Reads a figure the way the importer will; crashes the test on a bad literal.
    static func d(_ text: String, percent: Bool = false) -> Decimal {
        // swiftlint:disable:next force_try
        try! IndonesianNumber.parse(text, percent: percent)!
    }

    struct Indicator {
        var name: String
        var perjanjianTarget: String  // Tabel 2.2 (Perjanjian Kinerja)
        var table32Target: String  // Tabel 3.2 as printed
        var realisasi2019: String
        var realisasi2020: String
        var polaritas: Polaritas
    }

    static let sasaran = "Meningkatnya toleransi di kalangan masyarakat"

    static let indicators: [Indicator] = [
        Indicator(
            name: "Dukungan kegiatan kewaspadaan dini daerah Kota Palangka Raya", perjanjianTarget: "30",
            table32Target: "35", realisasi2019: "4", realisasi2020: "4", polaritas: .positif),
        Indicator(
            name: "Rekomendasi Penerbitan Surat Keterangan", perjanjianTarget: "20",
            table32Target: "20", realisasi2019: "32", realisasi2020: "18", polaritas: .positif),
        Indicator(
            name: "Jumlah pertemuan terkait kerukunan umat beragama", perjanjianTarget: "46",
            table32Target: "46", realisasi2019: "6", realisasi2020: "10", polaritas: .positif),
        Indicator(
            name: "Persentase capaian kinerja pencegahan, pemulihan", perjanjianTarget: "92%",
            table32Target: "94%", realisasi2019: "99%", realisasi2020: "92%", polaritas: .positif),
        Indicator(
            name: "Tingkat partisipasi pemilih", perjanjianTarget: "70%",
            table32Target: "70%", realisasi2019: "77,5%", realisasi2020: "62,83%", polaritas: .positif),
        // A rank published by Setara Institute: lower is better. No 2020 value yet ("-").
        Indicator(
            name: "Indeks Toleransi", perjanjianTarget: "10",
            table32Target: "10", realisasi2019: "43", realisasi2020: "-", polaritas: .negatif),
    ]

    /// Tabel 3.6 (Belanja Langsung), with the true anggaran of row 2 (printed `2.67.338.000`).
    static let programs: [(name: String, anggaran: String, realisasi: String, printed: String)] = [
        ("Program Peningkatan Pelayanan Pemerintah", "1.464.186.757,50", "1.398.477.701", "95.51"),
        ("Program Pembinaan Ideologi Wawasan Kebangsaan", "267.338.000", "253.488.000", "94.82"),
        ("Program Peningkatan Kewaspadaan Nasional", "1.516.112.950", "1.515.862.950", "99.98"),
        ("Program Peningkatan Ketahanan Sosial Ekonomi", "189.801.000", "189.776.000", "99.99"),
        ("Program Peningkatan Pendidikan Politik", "192.555.000", "176.632.000", "91.73"),
    ]
}

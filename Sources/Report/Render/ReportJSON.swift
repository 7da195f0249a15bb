import Foundation

/// The JSON form of a report: the model itself, with sorted keys, snake_case names (as in the `v_*` views),
/// pretty-printed with a fixed indent, decimals as exact strings ("6406712635.13") and missing values as `null`.
/// Described by Schema/lkip-report.schema.json.
enum ReportJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    static func encode(_ report: LKIPReport) throws -> Data {
        var data = try encoder().encode(report)
        data.append(0x0A)
        return data
    }
}

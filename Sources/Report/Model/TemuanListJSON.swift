import Kinerja

/// Stores the report's temuan, encoded as the report JSON has them: the keys of `Temuan`'s own encoding (`code` and
/// `severity` as their raw values), except that `source` is always there, `""` when unknown, so that every finding
/// has a string source. An empty source reads back as nil.
@propertyWrapper
public struct TemuanListJSON: Codable, Sendable, Equatable {
    public var wrappedValue: [Temuan]

    public init(wrappedValue: [Temuan]) {
        self.wrappedValue = wrappedValue
    }

    private enum Key: String, CodingKey {
        case code, severity, message, source
    }

    public init(from decoder: any Decoder) throws {
        var list = try decoder.unkeyedContainer()
        var temuan: [Temuan] = []
        while !list.isAtEnd {
            let entry = try list.nestedContainer(keyedBy: Key.self)
            let source = try entry.decode(String.self, forKey: .source)
            temuan.append(
                Temuan(
                    try entry.decode(TemuanCode.self, forKey: .code),
                    severity: try entry.decode(Severity.self, forKey: .severity),
                    message: try entry.decode(String.self, forKey: .message), source: source.isEmpty ? nil : source))
        }
        wrappedValue = temuan
    }

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for temuan in wrappedValue {
            var entry = list.nestedContainer(keyedBy: Key.self)
            try entry.encode(temuan.code, forKey: .code)
            try entry.encode(temuan.severity, forKey: .severity)
            try entry.encode(temuan.message, forKey: .message)
            try entry.encode(temuan.source ?? "", forKey: .source)
        }
    }
}

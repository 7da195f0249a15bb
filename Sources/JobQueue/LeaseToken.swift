import Postgres

/// The token of one claim (a uuid), kept as the text the server sent: it is only ever compared and sent back, so
/// parsing and printing it as a `UUID` for every job would be wasted work on the hot path.
public struct LeaseToken: Sendable, Hashable, PostgresEncodable, PostgresDecodable, CustomStringConvertible {
    public let text: String

    public init(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        text = String(decoding: bytes, as: UTF8.self)
    }

    init(text: String) { self.text = text }

    public var postgresBind: PostgresBind { .text(text) }
    public var description: String { text }
}

/// A producer-side mistake (unreadable file, unknown versi): the CLI reports it as a usage error (exit 2).
public struct ImportUsageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    package init(_ description: String) { self.description = description }
}

/// Why a report could not be rendered. These are installation faults (a template missing from the bundle),
/// never problems with the report's data.
public struct ReportRendererError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

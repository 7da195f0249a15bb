/// An error the CLI reports in one line on stderr. Usage and input errors exit 2, others 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    let isUsage: Bool

    static func usage(_ message: String) -> CLIError { CLIError(description: message, isUsage: true) }
    static func failure(_ message: String) -> CLIError { CLIError(description: message, isUsage: false) }
}

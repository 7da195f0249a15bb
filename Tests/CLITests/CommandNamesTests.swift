import Foundation
import TestSupport
import Testing

/// Every command of the CLI names itself in its configuration (see `KinerjaCommand`): a command without a name costs
/// every start of `kinerja` a scan of all protocol conformances. Read from the sources, since the tests run the
/// built binary and cannot reach its types.
@Suite struct CommandNamesTests {
    @Test func everyCommandNamesItself() throws {
        let folder = TestDatabase.packageRoot.appendingPathComponent("Sources/KinerjaCLI")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        var configurations = 0
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for arguments in Self.calls(of: "CommandConfiguration(", in: text) {
                configurations += 1
                #expect(
                    arguments.hasPrefix("commandName:"),
                    "\(file): a CommandConfiguration without commandName first: \(arguments.prefix(80))")
            }
        }
        // The commands of docs/contracts/cli.md: a scan that finds none has lost its way, not passed.
        #expect(configurations >= 38, "found \(configurations) command configurations")
    }

    /// The argument lists of each call of `opening` in `text`, blanks at the start dropped, up to the matching
    /// parenthesis.
    static func calls(of opening: String, in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let start = rest.range(of: opening) {
            var depth = 1
            var end = start.upperBound
            while end < rest.endIndex && depth > 0 {
                if rest[end] == "(" { depth += 1 }
                if rest[end] == ")" { depth -= 1 }
                end = rest.index(after: end)
            }
            found.append(String(rest[start.upperBound..<end]).trimmingCharacters(in: .whitespacesAndNewlines))
            rest = rest[end...]
        }
        return found
    }
}

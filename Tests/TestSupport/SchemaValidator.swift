import Foundation

/// Validates JSON against Sources/Report/Schema/lkip-report.schema.json with python3's `jsonschema` package
/// (draft 2020-12), which is installed on developer machines and CI.
public enum SchemaValidator {
    public struct Result: Sendable {
        public var exitCode: Int32
        public var output: String
    }

    static var schemaURL: URL {
        TestDatabase.packageRoot.appendingPathComponent("Sources/Report/Schema/lkip-report.schema.json")
    }

    static let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("python3 package 'jsonschema' is missing: pip install jsonschema"); sys.exit(3)
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
        for e in errors:
            print("/".join(map(str, e.absolute_path)) + ": " + e.message)
        sys.exit(1 if errors else 0)
        """

    public static func validate(_ json: Data) throws -> Result {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lkip-\(UUID().uuidString).json")
        try json.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schemaURL.path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return Result(exitCode: 127, output: "python3 could not be started (needed for the schema test): \(error)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            return Result(exitCode: 127, output: "python3 is not installed (needed for the schema test): \(output)")
        }
        return Result(exitCode: process.terminationStatus, output: output)
    }
}

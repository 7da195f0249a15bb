// swift-tools-version: 6.0
// Kinerja: LKIP figures from finance exports and performance data, with PostgreSQL as store and queue.
// Module graph (arrows point to dependencies): see README "Layout".
import Foundation
import PackageDescription

let package = Package(
    name: "Kinerja",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kinerja", targets: ["KinerjaCLI"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // libpq, from Debian's libpq-dev.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // A small safe layer over libpq: no queue or LKIP words.
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        // A private PostgreSQL cluster for development, the demo and tests.
        .target(name: "LocalPostgres"),
        // The job queue and the Dispatch worker pool: no LKIP words.
        .target(name: "JobQueue", dependencies: ["Postgres", .product(name: "Logging", package: "swift-log")]),
        // The LKIP domain: numbers, capaian rules, checks. Pure Swift, no database.
        .target(name: "Kinerja"),
        // Streaming CSV and XLSX readers: files in, rows of text cells out.
        .target(name: "Spreadsheet", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The LKIP report renderer: a report model in, HTML / Markdown / JSON / CSV out.
        .target(
            name: "Report",
            dependencies: ["Kinerja", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Schema"],
            resources: [.copy("Templates")]
        ),
        // Import parsing and the budget checks: rows of cells in, records and temuan out. Pure, no database.
        .target(name: "ImportParsing", dependencies: ["Kinerja", "Spreadsheet"]),
        // Stores: the LKIP tables read and written (uploads, budget lines, results, report rows). No jobs run here.
        .target(
            name: "Stores",
            dependencies: [
                "Postgres", "Kinerja", "Spreadsheet", "ImportParsing",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Producers: the client API other programs use to enqueue Kinerja's jobs (job kinds, arguments, uploads).
        .target(
            name: "Producers", dependencies: ["Postgres", "JobQueue", "Kinerja", "ImportParsing", "Stores", "Report"]),
        // Job handlers: thin, where the domain, the files and the database meet.
        .target(
            name: "Handlers",
            dependencies: [
                "Postgres", "JobQueue", "Kinerja", "Spreadsheet", "ImportParsing", "Stores", "Producers", "Report",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks and the synthetic export generator, on the public API; the CLI's `bench` commands call them.
        .target(
            name: "KinerjaBench",
            dependencies: [
                "Postgres", "JobQueue", "Spreadsheet", "Handlers", "Producers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The CLI: thin.
        .executableTarget(
            name: "KinerjaCLI",
            dependencies: [
                "Postgres", "LocalPostgres", "JobQueue", "Kinerja", "Spreadsheet", "ImportParsing", "Stores",
                "Report", "Producers", "Handlers", "KinerjaBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test support: a real PostgreSQL for the integration tests (never a mock).
        .target(
            name: "TestSupport",
            dependencies: ["Postgres", "LocalPostgres", "JobQueue", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"),
        // Unit tests: pure code, no database (`swift test --filter 'KinerjaTests|SpreadsheetTests|ImportParsingTests|ReportTests'`).
        .testTarget(name: "KinerjaTests", dependencies: ["Kinerja"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ImportParsingTests", dependencies: ["ImportParsing", "Kinerja", "Spreadsheet"]),
        // The report JSON is checked against its schema with TestSupport's validator.
        .testTarget(name: "ReportTests", dependencies: ["Report", "Kinerja", "TestSupport"]),
        // Integration tests: a real PostgreSQL (TestSupport's TestDatabase), real logins, real worker processes.
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "JobQueueTests", dependencies: ["JobQueue", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "HandlersTests",
            dependencies: [
                "Handlers", "Kinerja", "ImportParsing", "Stores", "Producers", "Report", "KinerjaBench", "TestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .testTarget(
            name: "KinerjaBenchTests",
            dependencies: ["KinerjaBench", "Handlers", "Producers", "JobQueue", "TestSupport"]),
        // The golden help is read from the source tree (TestDatabase.packageRoot), not bundled.
        .testTarget(
            name: "CLITests", dependencies: ["TestSupport", "JobQueue", "LocalPostgres", "Postgres"],
            exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)

// CI builds the project's own targets with warnings as errors (KINERJA_WARNINGS_AS_ERRORS=1, set by .ci/run); a
// developer's newer compiler with new warnings still builds locally. Dependencies are never affected.
if ProcessInfo.processInfo.environment["KINERJA_WARNINGS_AS_ERRORS"] == "1" {
    for target in package.targets where target.type != .system {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-warnings-as-errors"])]
    }
}

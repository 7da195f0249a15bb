import ArgumentParser
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The shipped benchmarks (DESIGN.md section 9); compare with ../shared/bench on the same server.",
        subcommands: [QueueBench.self])
}

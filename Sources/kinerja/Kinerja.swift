import ArgumentParser

@main
struct KinerjaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kinerja")
}

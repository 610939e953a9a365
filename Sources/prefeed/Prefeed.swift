import ArgumentParser

@main
struct Prefeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefeed",
        abstract: "Precomputed, ranked per-user feeds in Redis.",
        subcommands: []
    )
}

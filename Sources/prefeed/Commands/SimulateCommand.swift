import ArgumentParser
import FeedWorld
import Foundation

/// `prefeed simulate …`: the synthetic world.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Synthetic worlds for the demo, tests, benchmarks and learning-loop simulations.",
        subcommands: [SimulateGenerateCommand.self, SimulateLoopCommand.self]
    )
}

/// `prefeed simulate generate`: writes a synthetic world as load files.
struct SimulateGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write users, follows, posts, actions and logins of a synthetic world (see docs/DATA.md).")

    @Option(help: "Output directory.")
    var out = "var/world"

    @Option(help: "Number of users (demo 10000, benchmark 100000).")
    var users = 10_000

    @Option(help: "Number of posts (demo 100000, benchmark 1000000).")
    var posts = 100_000

    @Option(help: "Days of history.")
    var days = 28

    @Option(help: "Random seed: the same seed gives the same world.")
    var seed: UInt64 = 42

    @Option(help: "End of the history as Unix seconds (default: now).")
    var end: Double?

    @Option(help: "File format: jsonl or csv.")
    var format = "jsonl"

    func run() throws {
        guard let fileFormat = LoadFileFormat(rawValue: format) else {
            throw ValidationError("--format must be jsonl or csv")
        }
        var config = WorldConfig(seed: seed, users: users, posts: posts, days: days)
        config.endTime = (end ?? Date().timeIntervalSince1970).rounded(.down)
        var bar = ProgressBar(label: "generate", unit: "units")
        let summary = try generateWorld(config: config, into: URL(fileURLWithPath: out), format: fileFormat) { progress in
            bar.update(completed: progress.completed, total: progress.total)
        }
        bar.finish()
        let counts = summary.counts
        print("""
            world written to \(summary.directory.path) in \(String(format: "%.1f", summary.elapsedSeconds)) s \
            (\(summary.byteCount / 1_000_000) MB): \(counts.users) users, \(counts.follows) follows, \
            \(counts.posts) posts, \(counts.actions) actions, \(counts.logins) logins
            """)
    }
}

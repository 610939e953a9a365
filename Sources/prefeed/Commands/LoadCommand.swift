import ArgumentParser
import FeedStore
import FeedWorld
import Foundation
import Logging
import PrefeedRedis

/// `prefeed load --dir DIR`: imports a world directory (users, follows, posts, actions, logins) into Redis.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load users, follows, posts, actions and logins from JSONL or CSV files into Redis (idempotent).")

    @OptionGroup var redis: RedisOptions

    @Option(help: "World directory holding users/follows/posts/actions/logins files.")
    var dir: String

    @Option(help: "File format: jsonl or csv (default: from world.json, else from the files present).")
    var format: String?

    func validate() throws {
        if let format, LoadFileFormat(rawValue: format) == nil {
            throw ValidationError("--format must be jsonl or csv")
        }
    }

    func run() async throws {
        let logger = Logger(label: "prefeed.load")
        let client = try redis.client(name: "prefeed-load", logger: logger)
        defer { client.shutdown() }
        let loader = FeedLoader(client: client, keys: redis.keys, logger: logger)
        let summary = try await loader.load(
            directory: URL(fileURLWithPath: dir), format: format.flatMap(LoadFileFormat.init(rawValue:)),
            progress: { print($0.line) })
        for issue in summary.issues { print("bad row: \(issue)") }
        if summary.rejectedRows > summary.issues.count {
            print("… and \(summary.rejectedRows - summary.issues.count) more bad rows")
        }
        print(summary.report)
        print(String(format: "loaded in %.1f s", summary.seconds))
    }
}

import ArgumentParser
import FeedWarmup
import FeedWorker
import Foundation
import Logging
import PrefeedRedis
import Synchronization

/// `prefeed warmup export`: the login histories recorded in Redis, as a `logins.jsonl` that
/// `prefeed warmup train --world DIR` trains on (docs/WARMUP.md, "Training in production").
struct WarmupExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every active user's recorded session starts to DIR/logins.jsonl for `prefeed warmup train --world DIR`.")

    @OptionGroup var redis: RedisOptions

    @Option(help: "Output directory.")
    var out = "var/logins"

    @Option(help: "Shards of the active-user index (as the scheduler and warm-up runs).")
    var activeShards = 1

    @Flag(help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard activeShards >= 1 else { throw ValidationError("--active-shards must be at least 1") }
    }

    func run() async throws {
        var logger = Logger(label: "prefeed.warmup.export")
        logger.logLevel = .warning
        let client = try redis.client(name: "prefeed-warmup-export", logger: logger)
        defer { client.shutdown() }
        let export = LoginHistoryExport(
            client: client, feedKeys: redis.keys,
            activity: ActivityIndex(client: client, keys: JobKeys(activeShards: activeShards)))

        let jobKeys = JobKeys(activeShards: activeShards)
        let sizes = await client.pipeline((0..<activeShards).map { RedisCommand("ZCARD", jobKeys.activeUsers(shard: $0)) })
        let total = try sizes.reduce(0) { $0 + Int(try $1.get().int ?? 0) }
        let bar = SharedProgressBar(label: "export: users read", unit: "users")
        let showProgress = !quiet
        let summary = try await export.run(to: URL(fileURLWithPath: out)) { users in
            if showProgress { bar.update(completed: users, total: max(total, users)) }
        }
        if showProgress { bar.finish() }
        emit("exported \(summary.logins) session starts of \(summary.usersWithLogins) users (\(summary.users) in the active index) to \(out)/logins.jsonl")
    }
}

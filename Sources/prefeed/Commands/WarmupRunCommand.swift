import ArgumentParser
import FeedStore
import FeedWarmup
import FeedWorker
import Foundation
import Logging
import PrefeedRedis
import Warmup

/// `prefeed warmup run`: scores active users and queues warm-up jobs within an hourly budget.
struct WarmupRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Score active users' login histories in Redis and queue warm-up jobs for those expected soon.",
        discussion: """
            Queues, in order of expected arrival and within the hourly budget (shared in Redis by every \
            run of the hour), the users whose probability of a session within the horizon is at least \
            --threshold and whose feed will be missing or older than --max-age-hours when they arrive. \
            Without --model the untrained prior model is used (docs/WARMUP.md). --once runs one pass \
            (a systemd timer or cron every 10 minutes; see Ops/systemd/prefeed-warmup.timer).
            """)

    @OptionGroup var redis: RedisOptions

    @OptionGroup var metrics: MetricsOptions

    @Option(help: "Login model file from `prefeed warmup train` (default: the untrained prior model).")
    var model: String?

    @Option(help: "Horizon H of the prior model, minutes (a model file carries its own).")
    var horizonMinutes = 60.0

    @Option(help: "Lowest probability of a session within the horizon that gets a warm-up job.")
    var threshold = 0.2

    @Option(help: "Hours after which a feed is stale (at the expected arrival).")
    var maxAgeHours = 2.0

    @Option(help: "Warm-up jobs per UTC clock hour, shared by every run in the hour.")
    var budget = 10_000

    @Flag(help: "No hourly budget.")
    var unlimited = false

    @Option(help: "Jobs queued per second at most.")
    var rate = 500.0

    @Option(help: "Days of inactivity after which a user is not scored.")
    var inactiveDays = 7.0

    @Option(help: "Seconds between the starts of two passes (without --once).")
    var interval = 600.0

    @OptionGroup var jobShards: JobShardOptions

    @Flag(help: "Run one pass and exit.")
    var once = false

    @Flag(help: "No progress bar.")
    var quiet = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    func validate() throws {
        guard threshold >= 0, threshold <= 1 else { throw ValidationError("--threshold must be within 0…1") }
        guard horizonMinutes > 0, maxAgeHours > 0, budget >= 0, rate > 0, inactiveDays > 0, interval > 0 else {
            throw ValidationError("horizons, ages, budgets, rates and intervals must be positive")
        }
    }

    func run() async throws {
        var logger = Logger(label: "prefeed.warmup")
        logger.logLevel = logLevel
        let scorer: any LoginScoring
        if let model {
            do {
                scorer = try LoginModel(jsonData: Data(contentsOf: URL(fileURLWithPath: model)))
            } catch {
                throw ValidationError("\(model): \(error)")
            }
            emit("login model \(model) (horizon \(Int(scorer.horizon / 60)) min)")
        } else {
            scorer = PriorLoginModel(horizon: horizonMinutes * 60)
            emit("no --model: the untrained prior model (smoothed hour-of-week rates, horizon \(Int(horizonMinutes)) min)")
        }

        let exporter = metrics.bootstrap(logger: logger)
        let client = try redis.client(name: "prefeed-warmup", logger: logger)
        defer { client.shutdown() }

        var queueConfiguration = JobQueueConfiguration()
        queueConfiguration.shards = jobShards.shards
        var configuration = WarmupRunConfiguration()
        configuration.threshold = threshold
        configuration.maxFeedAge = maxAgeHours * 3_600
        configuration.hourlyBudget = unlimited ? nil : budget
        configuration.rate = rate
        configuration.inactiveAfter = inactiveDays * 86_400
        configuration.passInterval = .milliseconds(Int(interval * 1000))
        configuration.once = once

        let queue = JobQueue(client: client, configuration: queueConfiguration, logger: logger)
        let bar = SharedProgressBar(label: "warm-up: index entries read", unit: "users")
        let showProgress = !quiet
        let runner = WarmupRunner(
            queue: queue, activity: ActivityIndex(client: client, keys: jobShards.keys),
            feedKeys: redis.keys, model: scorer, configuration: configuration, logger: logger,
            progress: { progress in
                guard showProgress else { return }
                bar.update(completed: progress.read, total: progress.total)
            },
            passDone: { summary in
                if showProgress { bar.finish() }
                emit(WarmupRunReport.lines(summary).joined(separator: "\n"))
            })
        try await ServiceRunner.run(runner, alongside: exporter?.services ?? [], logger: logger)
    }
}

/// The lines printed after a warm-up pass.
enum WarmupRunReport {
    static func lines(_ summary: WarmupPassSummary) -> [String] {
        let formatter = ISO8601DateFormatter()
        func time(_ seconds: Double) -> String { formatter.string(from: Date(timeIntervalSince1970: seconds)) }
        var arrivals = ""
        if let first = summary.firstArrival, let last = summary.lastArrival {
            arrivals = " (expected arrivals \(time(first)) … \(time(last)))"
        }
        let budget = summary.budgetLimit.map { "\(summary.budgetUsed)/\($0)" } ?? "\(summary.budgetUsed) (unlimited)"
        return [
            "warm-up pass at \(time(summary.now)): \(summary.active) active users, \(summary.scored) scored "
                + "(\(summary.fallback) by the fallback), \(summary.noHistory) without a recorded session",
            "  \(summary.unlikely) unlikely, \(summary.fresh) fresh until their arrival, \(summary.due) due: "
                + "\(summary.enqueued) queued at warmup priority\(arrivals), \(summary.alreadyQueued) already queued, "
                + "\(summary.budgetSkipped) over budget",
            "  budget this hour: \(budget) jobs used",
        ]
    }
}

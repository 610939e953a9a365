import ArgumentParser
import Foundation
import LearningLoop
import Logging

/// `prefeed simulate loop`: rounds of serve → act → join → train → publish on a generated world.
struct SimulateLoopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loop",
        abstract: "Prove the learning loop: baseline round, then rounds of serve, act, join, train, publish (docs/LEARNING.md).",
        discussion: """
            Starts its own redis-server and read path on 127.0.0.1. Prints per round the value per impression
            (Σ action weights · actions / impressions), click-through, hide rate and the held-out click AUC of
            the model that ranked the round; the last line is one JSON object. Writes rounds.csv, rounds.json,
            calibration.csv, predictions-*.csv and the models to --out.
            """)

    @Option(help: "Users of the generated world.")
    var users = LoopConfiguration().users

    @Option(help: "Posts of the generated world.")
    var posts = LoopConfiguration().posts

    @Option(help: "Days of generated history.")
    var days = LoopConfiguration().days

    @Option(help: "Learned rounds after the baseline round 0.")
    var rounds = LoopConfiguration().rounds

    @Option(help: "Pages each user reads per round.")
    var pages = LoopConfiguration().pagesPerRound

    @Option(help: "Items per page.")
    var pageSize = LoopConfiguration().pageSize

    @Option(help: "Share of users always ranked by the baseline (same-round control); 0 disables.")
    var controlShare = LoopConfiguration().controlShare

    @Option(help: "Join negative downsampling rate.")
    var negativeRate = LoopConfiguration().negativeSamplingRate

    @Option(help: "Train on the last N rounds' rows only (0 = every round so far).")
    var trainingWindow = LoopConfiguration().trainingWindow

    @Flag(inversion: .prefixedNo, help: "Count served items into the engagement buckets' impressions.")
    var countImpressions = LoopConfiguration().countImpressions

    @Option(help: "Trainer L2 strength.")
    var l2 = LoopConfiguration().l2

    @Option(help: "Seed of the world and the reactions.")
    var seed = LoopConfiguration().seed

    @Option(help: "Simulated users reading at the same time.")
    var concurrency = LoopConfiguration().concurrency

    @Option(help: "Simulated hours per round (the clock of the read path, worker and users advances; new posts are released). 0 = compressed: every round at the wall clock, no new posts.")
    var roundHours = LoopConfiguration().roundHours

    @Option(help: "Reading slots per round: each user reads once per round, in a slot drawn by a hash, with the feed generated just before.")
    var slots = LoopConfiguration().slotsPerRound

    @Flag(inversion: .prefixedNo, help: "Release the posts the world's creators write as simulated time advances.")
    var newPosts = LoopConfiguration().releasePosts

    @Option(help: "Output directory.")
    var out = LoopConfiguration().outputDirectory

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    func run() async throws {
        var configuration = LoopConfiguration()
        configuration.users = users
        configuration.posts = posts
        configuration.days = days
        configuration.rounds = rounds
        configuration.pagesPerRound = pages
        configuration.pageSize = pageSize
        configuration.controlShare = controlShare
        configuration.negativeSamplingRate = negativeRate
        configuration.l2 = l2
        configuration.trainingWindow = trainingWindow
        configuration.countImpressions = countImpressions
        configuration.seed = seed
        configuration.concurrency = concurrency
        configuration.outputDirectory = out
        configuration.roundHours = roundHours
        configuration.slotsPerRound = slots
        configuration.releasePosts = newPosts
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.message)
        }
        var logger = Logger(label: "prefeed.loop")
        logger.logLevel = logLevel
        let summary = try await LearningLoop(configuration: configuration, logger: logger, say: emit).run()
        emit(String(format: "value per impression: baseline (round 0) %.4f -> final %.4f (%+.1f %%); same-round control %.4f (%+.1f %%); held-out click AUC %.4f; files in %@",
                    summary.baselineValuePerImpression, summary.finalValuePerImpression, summary.lift * 100,
                    summary.finalControlValuePerImpression, summary.liftVersusControl * 100, summary.auc, out))
        emit(LoopReport.jsonLine(summary, configuration: configuration))
    }
}

import ArgumentParser
import FeedWorld
import Foundation
import Warmup

/// `prefeed warmup …`: login prediction and feed warm-up (docs/WARMUP.md).
struct WarmupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warmup",
        abstract: "Login prediction and feed warm-up: train the login model, evaluate warm-up policies, queue warm-up jobs, export login histories.",
        subcommands: [WarmupTrainCommand.self, WarmupEvaluateCommand.self, WarmupRunCommand.self, WarmupExportCommand.self]
    )
}

/// `prefeed warmup train`: a login model from a world directory's login log.
struct WarmupTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the login model on a world's logins (logins.jsonl or .csv) and write it as JSON.")

    @Option(help: "World directory (with world.json and logins.jsonl or logins.csv).")
    var world = "var/world"

    @Option(help: "Output model file.")
    var out = "var/warmup/login-model.json"

    @Option(help: "Leave out the last N days of the log (0: train on everything).")
    var holdoutDays = 0.0

    @Option(help: "Horizon H of the prediction, minutes.")
    var horizonMinutes = 60.0

    @Option(help: "Prediction times sampled per user.")
    var examplesPerUser = 48

    @Option(help: "L2 penalty on the standardized weights.")
    var l2 = 1.0

    @Option(help: "Seed of the sampled prediction times.")
    var seed: UInt64 = 7

    func run() throws {
        let (log, end) = try WarmupWorldInput.loginLog(world: URL(fileURLWithPath: world))
        var trainer = LoginModelTrainer()
        trainer.horizon = horizonMinutes * 60
        trainer.examplesPerUser = examplesPerUser
        trainer.l2 = l2
        trainer.seed = seed
        let until = holdoutDays > 0 ? end - holdoutDays * 86_400 : end
        let model = trainer.train(on: log, until: until)
        let url = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try model.jsonData().write(to: url)
        let training = model.training
        emit("login model written to \(out): \(training.examples) examples (\(training.positives) positive), "
             + "\(training.fallbackExamples) fallback examples, training log loss \(String(format: "%.4f", training.logLoss))")
    }
}

/// `prefeed warmup evaluate`: replays a login log against every warm-up policy.
struct WarmupEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Train on all but the last week of a world's logins, replay that week against every warm-up policy.",
        discussion: """
            Prints a table per policy and knob, writes the sweep as CSV (plot it with Ops/warmup/plot.py) \
            and ends with one JSON line for the predictive policy at its operating point.
            """)

    @Option(help: "World directory; a default 10 K-user world is generated into a temporary directory if absent.")
    var world: String?

    @Option(help: "Seed of the generated world (when --world is absent).")
    var seed: UInt64 = 42

    @Option(help: "Evaluation window at the end of the log, days (training uses what precedes it).")
    var days = 7.0

    @Option(help: "Maximum feed age for a fresh hit, hours.")
    var maxAgeHours = 2.0

    @Option(help: "Feed TTL (memory), hours.")
    var ttlHours = 2.0

    @Option(help: "Minutes between two scorings of the predictive policy.")
    var intervalMinutes = 15.0

    @Option(help: "Warm-up generations per clock hour for the predictive policy (default: unlimited).")
    var budget: Int?

    @Option(help: "Cost cap of the predictive operating point, generations per login.")
    var maxGenerationsPerLogin = 1.5

    @Option(help: "CSV of the sweep.")
    var csv = "var/warmup/sweep.csv"

    @Option(help: "Also write the trained model here.")
    var modelOut: String?

    func run() throws {
        var temporary: URL?
        let directory: URL
        if let world {
            directory = URL(fileURLWithPath: world)
        } else {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("prefeed-warmup-world-\(UUID().uuidString)")
            emitError("no --world: generating the default world (seed \(seed)) into \(url.path) …")
            _ = try generateWorld(config: WorldConfig(seed: seed), into: url)
            temporary = url
            directory = url
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }

        let (log, end) = try WarmupWorldInput.loginLog(world: directory)
        var benchmark = WarmupBenchmark()
        benchmark.evaluationDays = days
        benchmark.costModel = WarmupCostModel(maxFeedAge: maxAgeHours * 3_600, feedTTL: ttlHours * 3_600)
        benchmark.scoringInterval = intervalMinutes * 60
        benchmark.sweep.hourlyBudget = budget
        benchmark.sweep.maxGenerationsPerLogin = maxGenerationsPerLogin
        emitError("\(log.rows.count) logins of \(log.userCount) users from \(directory.path)")
        let clock = ContinuousClock()
        let started = clock.now
        let groups = try WarmupWorldInput.userTypes(world: directory)
        let report = benchmark.run(log: log, end: end, groups: groups) { line in emitError("[\(clock.now - started)] \(line)") }

        let csvURL = URL(fileURLWithPath: csv)
        try FileManager.default.createDirectory(at: csvURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try report.csv.write(to: csvURL, atomically: true, encoding: .utf8)
        if let modelOut {
            let url = URL(fileURLWithPath: modelOut)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try report.model.jsonData().write(to: url)
        }
        emit(report.table)
        if !report.groups.isEmpty { emit("operating point by hidden user type (truth.jsonl):") }
        for group in report.groups {
            emit("  \(group.group): \(group.logins) logins, fresh-hit rate \(String(format: "%.1f", group.freshHitRate * 100)) %")
        }
        if let point = report.operatingPoint {
            emit("operating point: predictive threshold \(point.knob): fresh-hit rate \(String(format: "%.1f", point.freshHitRate * 100)) % "
                 + "at \(String(format: "%.3f", point.generationsPerLogin)) generations per login; sweep written to \(csv)")
        }
        emit(report.summaryJSON)
    }

    private func emitError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Reads a world directory's login log and the end of its history.
enum WarmupWorldInput {
    /// The log and the history's end: `world.json`'s `end_time` when present, else just after the
    /// last login. Reads `logins.jsonl`, else `logins.csv`.
    static func loginLog(world: URL) throws -> (LoginLog, end: Double) {
        let manifestURL = world.appendingPathComponent("world.json")
        var manifest: WorldManifest?
        if FileManager.default.fileExists(atPath: manifestURL.path) {
            manifest = try JSONDecoder().decode(WorldManifest.self, from: Data(contentsOf: manifestURL))
        }
        let formats: [LoadFileFormat] = manifest.map { [$0.format] } ?? [.jsonl, .csv]
        for format in formats {
            let url = world.appendingPathComponent(LoadFile.logins.fileName(format: format))
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let log: LoginLog
            do {
                log = try LoginLog.parse(Data(contentsOf: url), format: format)
            } catch let error as LoginLogError {
                throw ValidationError("\(url.path): \(error)")
            }
            guard let last = log.end else { throw ValidationError("\(url.path) holds no logins") }
            return (log, manifest?.endTime ?? last + 1)
        }
        throw ValidationError("no logins.jsonl or logins.csv in \(world.path)")
    }

    /// User id → hidden user type from `truth.jsonl`, for the breakdown by type; empty without it.
    static func userTypes(world: URL) throws -> [Int64: String] {
        let url = world.appendingPathComponent(WorldWriter.truthFileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        let decoder = JSONDecoder()
        var types: [Int64: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.isEmpty {
            let truth = try decoder.decode(UserTruth.self, from: Data(line.utf8))
            types[truth.user] = truth.type.rawValue
        }
        return types
    }
}

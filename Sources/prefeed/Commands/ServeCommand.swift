import ArgumentParser
import FeedCore
import FeedServer
import Foundation
import Logging
import PrefeedRedis

/// `prefeed serve`: the HTTP read path (pages, actions, sessions, ingest, health, metrics) until
/// SIGTERM/SIGINT, then a graceful shutdown. Flags fall back to environment variables.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve feed pages over HTTP (see docs/API.md).")

    @Option(help: "Redis URL (env PREFEED_REDIS).")
    var redis: String?

    @OptionGroup var target: RedisTargetOptions

    @OptionGroup var featureLog: FeatureLogOptions

    @Option(help: "Address to bind (env PREFEED_HOST).")
    var host: String?

    @Option(help: "Port to bind (env PREFEED_PORT).")
    var port: Int?

    @Option(help: "File of HS256 secrets, one per line as kid:secret, newest first (or env PREFEED_JWT_SECRET).")
    var jwtSecretFile: String?

    @Option(help: ArgumentHelp(
        "DEVELOPMENT ONLY: authenticate requests without a token by this header's user id (env PREFEED_DEV_USER_HEADER).",
        valueName: "header"))
    var devUserHeader: String?

    @Flag(help: "DEVELOPMENT ONLY: give development-header callers the ingest scope too (posts, deletions, follows of any user).")
    var devUserIngest = false

    @Option(help: "Redis connections (env PREFEED_REDIS_CONNECTIONS).")
    var redisConnections: Int?

    @Flag(help: "Never generate inline on a miss: always serve the fallback and queue a job.")
    var noInlineGeneration = false

    @Option(help: "Most inline generations running at once; misses beyond serve the fallback (env PREFEED_MAX_INLINE_GENERATIONS, default 4).")
    var maxInlineGenerations: Int?

    @Option(help: "Most actions per user per minute; 0 turns the limit off (env PREFEED_ACTION_RATE_LIMIT, default 600).")
    var actionRateLimit: Int?

    @Option(help: "Seconds an idle keep-alive connection stays open (env PREFEED_IDLE_TIMEOUT, default 60).")
    var idleTimeout: Int?

    @Option(help: "Most client connections open at once, 0 for no cap (env PREFEED_MAX_CONNECTIONS, default 4096).")
    var maxConnections: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (env PREFEED_LOG_LEVEL).")
    var logLevel: Logger.Level?

    @Option(help: ArgumentHelp(
        "Print the page script's EVALSHA arguments for USER,AFTER,LIMIT one per line and exit (benchmarks).",
        visibility: .hidden))
    var printPageCommand: String?

    @Option(help: ArgumentHelp("Generate the feeds of users 1…N, then exit (benchmarks).", visibility: .hidden))
    var pregenerate: UInt64?

    /// `--redis`, else `PREFEED_REDIS`, else the local server.
    private var redisURL: String {
        redis ?? ProcessInfo.processInfo.environment["PREFEED_REDIS"] ?? "redis://127.0.0.1:6390"
    }

    func run() async throws {
        if let pregenerate {
            var logger = Logger(label: "prefeed.pregenerate")
            logger.logLevel = .warning
            let redisConfiguration = try target.redisConfiguration(url: redisURL)
            let start = Date()
            let written = try await Pregeneration.run(
                users: 1...max(1, pregenerate), redis: redisConfiguration, store: target.store,
                featureLog: try featureLog.writer(logger: logger), logger: logger)
            print("pregenerated \(written) feeds in \(Int(Date().timeIntervalSince(start))) s")
            return
        }
        if let printPageCommand {
            let parts = printPageCommand.split(separator: ",").map { UInt64($0) }
            guard parts.count == 3, let user = parts[0], let after = parts[1], let limit = parts[2] else {
                throw ValidationError("--print-page-command takes USER,AFTER,LIMIT")
            }
            for argument in PageCommandArguments.arguments(
                user: UserID(user), after: after == 0 ? nil : PostID(after), limit: Int(limit), request: RequestID(1),
                now: Date().timeIntervalSince1970, store: target.store)
            {
                print(argument)
            }
            return
        }
        let environment = ProcessInfo.processInfo.environment
        var logger = Logger(label: "prefeed.server")
        if let logLevel {
            logger.logLevel = logLevel
        } else {
            let level = environment["PREFEED_LOG_LEVEL"] ?? "info"
            guard let parsedLevel = Logger.Level(rawValue: level) else { throw ValidationError("PREFEED_LOG_LEVEL must be a swift-log level") }
            logger.logLevel = parsedLevel
        }

        let secretText: String
        if let jwtSecretFile {
            secretText = try String(contentsOfFile: jwtSecretFile, encoding: .utf8)
        } else if let secret = environment["PREFEED_JWT_SECRET"] {
            secretText = secret
        } else {
            throw ValidationError("give --jwt-secret-file or PREFEED_JWT_SECRET")
        }
        let secrets = JWTSecret.parse(secretText)
        guard !secrets.isEmpty else { throw ValidationError("the JWT secret file or variable holds no key") }

        var redisConfiguration = try target.redisConfiguration(url: redisURL)
        redisConfiguration.clientName = "prefeed-server"
        if let connections = redisConnections ?? environment["PREFEED_REDIS_CONNECTIONS"].flatMap(Int.init) {
            guard connections >= 1 else { throw ValidationError("--redis-connections must be at least 1") }
            redisConfiguration.maximumConnections = connections
        }
        var configuration = ServerConfiguration(
            redis: redisConfiguration, jwtKeys: secrets,
            developmentUserHeader: devUserHeader ?? environment["PREFEED_DEV_USER_HEADER"])
        configuration.developmentUserCanIngest = devUserIngest
        configuration.host = host ?? environment["PREFEED_HOST"] ?? "127.0.0.1"
        configuration.featureLog = try featureLog.writer(logger: logger)
        configuration.port = port ?? environment["PREFEED_PORT"].flatMap(Int.init) ?? 8080
        configuration.inlineGeneration = !noInlineGeneration
        if let seconds = idleTimeout ?? environment["PREFEED_IDLE_TIMEOUT"].flatMap(Int.init) {
            guard seconds >= 1 else { throw ValidationError("--idle-timeout must be at least 1 second") }
            configuration.idleTimeout = .seconds(seconds)
        }
        if let connections = maxConnections ?? environment["PREFEED_MAX_CONNECTIONS"].flatMap(Int.init) {
            guard connections >= 0 else { throw ValidationError("--max-connections must be 0 or more") }
            configuration.maxConnections = connections
        }
        if let cap = maxInlineGenerations ?? environment["PREFEED_MAX_INLINE_GENERATIONS"].flatMap(Int.init) {
            guard cap >= 0 else { throw ValidationError("--max-inline-generations must be 0 or more") }
            configuration.maxInlineGenerations = cap
        }
        if let limit = actionRateLimit ?? environment["PREFEED_ACTION_RATE_LIMIT"].flatMap(Int.init) {
            guard limit >= 0 else { throw ValidationError("--action-rate-limit must be 0 or more") }
            configuration.actionRateLimit = limit
        }
        configuration.store = target.store
        try await ServerRunner.run(configuration: configuration, logger: logger)
    }
}

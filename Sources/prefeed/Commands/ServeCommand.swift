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

    @Option(help: "Redis connections (env PREFEED_REDIS_CONNECTIONS).")
    var redisConnections: Int?

    @Flag(help: "Never generate inline on a miss: always serve the fallback and queue a job.")
    var noInlineGeneration = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (env PREFEED_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: ArgumentHelp(
        "Print the page script's EVALSHA arguments for USER,AFTER,LIMIT one per line and exit (benchmarks).",
        visibility: .hidden))
    var printPageCommand: String?

    @Option(help: ArgumentHelp("Generate the feeds of users 1…N, then exit (benchmarks).", visibility: .hidden))
    var pregenerate: UInt64?

    func run() async throws {
        if let pregenerate {
            var logger = Logger(label: "prefeed.pregenerate")
            logger.logLevel = .warning
            let environment = ProcessInfo.processInfo.environment
            let redisConfiguration = try target.redisConfiguration(url: redis ?? environment["PREFEED_REDIS"] ?? "redis://127.0.0.1:6390")
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
        let level = logLevel ?? environment["PREFEED_LOG_LEVEL"] ?? "info"
        guard let parsedLevel = Logger.Level(rawValue: level) else { throw ValidationError("--log-level must be a swift-log level") }
        logger.logLevel = parsedLevel

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

        var redisConfiguration = try target.redisConfiguration(url: redis ?? environment["PREFEED_REDIS"] ?? "redis://127.0.0.1:6390")
        redisConfiguration.clientName = "prefeed-server"
        if let connections = redisConnections ?? environment["PREFEED_REDIS_CONNECTIONS"].flatMap(Int.init) {
            guard connections >= 1 else { throw ValidationError("--redis-connections must be at least 1") }
            redisConfiguration.maximumConnections = connections
        }
        var configuration = ServerConfiguration(
            redis: redisConfiguration, jwtKeys: secrets,
            developmentUserHeader: devUserHeader ?? environment["PREFEED_DEV_USER_HEADER"])
        configuration.host = host ?? environment["PREFEED_HOST"] ?? "127.0.0.1"
        configuration.featureLog = try featureLog.writer(logger: logger)
        configuration.port = port ?? environment["PREFEED_PORT"].flatMap(Int.init) ?? 8080
        configuration.inlineGeneration = !noInlineGeneration
        configuration.store = target.store
        try await ServerRunner.run(configuration: configuration, logger: logger)
    }
}

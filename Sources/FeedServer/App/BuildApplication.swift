import FeedCore
import FeedStore
import FeedWorker
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import PrefeedRedis
import Prometheus
import ServiceLifecycle

/// Builds the prefeed HTTP application: router, middleware, controllers and background services.
///
/// `prefeed serve` runs it (`app.runService()`: a ServiceGroup with graceful shutdown on SIGTERM/
/// SIGINT); tests drive the same application with `app.test(.router) { client in … }`.
///
/// - Parameters:
///   - configuration: listen address, Redis, JWT keys, limits.
///   - logger: the application logger; every request's logger carries `request.id`.
///   - redis: a client to use instead of one built from `configuration.redis` (tests read its
///     `statistics`); the application closes a client it built, never one passed in.
///   - metrics: the metrics registry `/metrics` renders (pass the one installed as the
///     swift-metrics backend so FeedStore/FeedWorker metrics appear too).
///   - eventLoopGroupProvider: the NIO event loops of the server (the process-wide singleton by
///     default; tests of socket behaviour give it loops of its own).
public func buildApplication(
    configuration: ServerConfiguration, logger: Logger = Logger(label: "prefeed.server"), redis: RedisClient? = nil,
    metrics: ServerMetrics = ServerMetrics(), eventLoopGroupProvider: EventLoopGroupProvider = .singleton
) async -> some ApplicationProtocol {
    let logger = RequestLogMetadata.installed(in: logger)
    let client = redis ?? RedisClient(configuration: configuration.redis, logger: logger)
    let keys = FeedKeys(configuration: configuration.store)
    let authenticator = await Authenticator.make(
        secrets: configuration.jwtKeys, developmentUserHeader: configuration.developmentUserHeader,
        developmentUserCanIngest: configuration.developmentUserCanIngest, clock: configuration.clock, logger: logger)
    let cursors = cursorCodec(configuration)
    let writer = SourceDataWriter(client: client, keys: keys, logger: logger)
    let deletions = ReadPathDeletions(keys: keys)
    let deleted = DeletedPosts(
        client: client, log: deletions, logger: logger, pollInterval: configuration.deletionPollInterval,
        clock: configuration.clock)
    let jobs = JobQueue(client: client, logger: logger)
    let session = SessionStart(logins: LoginRecordScript(keys: keys), activity: ActivityIndex(client: client, keys: jobs.keys))
    let reader = FeedReader(
        client: client, pageScript: FeedPageScript(keys: keys), fallback: ReadPathFallback(keys: keys),
        generator: FeedGenerator(client: client, keys: keys, featureLog: configuration.featureLog, logger: logger),
        models: ModelCache(store: ModelStore(client: client, keys: keys, logger: logger)),
        jobs: jobs, session: session, inflight: SingleFlight(),
        inlineLimit: InlineGenerationLimit(limit: configuration.maxInlineGenerations), deleted: deleted, metrics: metrics,
        configuration: configuration)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware(maxUploadSize: configuration.maxBodySize))
    router.add(middleware: LatencyMiddleware(metrics: metrics))
    router.add(middleware: ProblemMiddleware(metrics: metrics, retryAfter: configuration.retryAfterSeconds))
    HealthController(client: client, retryAfter: configuration.retryAfterSeconds).addRoutes(to: router)
    MetricsController(metrics: metrics).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    FeedController(
        authenticator: authenticator, reader: reader, cursors: cursors, deleted: deleted, configuration: configuration
    ).addRoutes(to: router)
    ActionsController(
        authenticator: authenticator, client: client,
        script: ReadPathActionScript(
            keys: keys, dedupeWindow: configuration.actionDedupeWindow, rateLimit: configuration.actionRateLimit,
            rateWindow: configuration.actionRateWindow, repeatWindow: configuration.actionRepeatWindow),
        effects: ActionEffects(keys: keys), writer: writer, metrics: metrics, configuration: configuration
    ).addRoutes(to: router)
    SessionsController(authenticator: authenticator, client: client, session: session, clock: configuration.clock)
        .addRoutes(to: router)
    IngestController(
        authenticator: authenticator, client: client, writer: writer, deletions: deletions, deleted: deleted,
        clock: configuration.clock
    ).addRoutes(to: router)

    var services: [any Service] = [deleted]
    if redis == nil { services.append(RedisClientService(client: client)) }
    let idle = configuration.idleTimeout.components
    return Application(
        router: router,
        server: .http1(configuration: .init(
            idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "prefeed",
            availableConnectionsDelegate: configuration.maxConnections > 0
                ? MaximumAvailableConnections(configuration.maxConnections, logger: logger) : nil),
        services: services,
        onServerRunning: { channel in
            logger.info("prefeed serving", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
        },
        eventLoopGroupProvider: eventLoopGroupProvider,
        logger: logger)
}

/// The cursor codec: signs with the first cursor secret (or the newest JWT secret), verifies with all.
func cursorCodec(_ configuration: ServerConfiguration) -> CursorCodec {
    var secrets = configuration.cursorSecrets
    if secrets.isEmpty { secrets = configuration.jwtKeys.map { Array("prefeed.cursor:".utf8) + $0.secret } }
    if secrets.isEmpty { secrets = [Array("prefeed.cursor.unsigned".utf8)] }
    let keys = secrets.enumerated().map { CursorCodec.Key(id: UInt8(truncatingIfNeeded: $0.offset + 1), secret: $0.element) }
    return CursorCodec(signingKey: keys[0], previousKeys: Array(keys.dropFirst()))
}

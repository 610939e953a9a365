import FeedCore
import FeedStore
import PrefeedRedis

/// Everything `buildApplication(configuration:)` needs: where to listen, which Redis, how to
/// authenticate, and the read path's limits.
public struct ServerConfiguration: Sendable {
    /// Address to bind (loopback by default).
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port: Int = 8080
    /// The Redis to serve from.
    public var redis: RedisConfiguration
    /// Key layout, bounds and TTLs shared with the workers.
    public var store: StoreConfiguration = .default
    /// JWT verification keys (HS256), by key id.
    public var jwtKeys: [JWTSecret]
    /// When set, development mode: the user id is taken from this header when no bearer token is
    /// given. Never enable in production.
    public var developmentUserHeader: String?
    /// Whether development-header callers also get the `ingest` scope (posts, deletions and
    /// follows of any user). Off: they act only as the header's user.
    public var developmentUserCanIngest = false
    /// Cursor signing secret (defaults to the newest JWT secret) and older secrets still accepted.
    public var cursorSecrets: [[UInt8]] = []
    /// Lifetime of a page cursor, seconds (the previous generation's grace period by default).
    public var cursorLifetime: Double = 30 * 60
    /// Default and maximum page size.
    public var defaultPageSize: Int = 20
    public var maxPageSize: Int = 100
    /// Seconds a keep-alive connection may sit idle before the server closes it (slow or
    /// abandoned clients must not hold sockets forever).
    public var idleTimeout: Duration = .seconds(60)
    /// Most client connections open at once; beyond it the server stops accepting until one
    /// closes (the kernel backlog queues the rest). 0 means no cap.
    public var maxConnections: Int = 4_096
    /// Largest request body accepted, bytes (413 beyond).
    public var maxBodySize: Int = 256 * 1024
    /// Most actions in one `POST /v1/actions` batch.
    public var maxActionsPerBatch: Int = 100
    /// Seconds a client event id is remembered for idempotency.
    public var actionDedupeWindow: Int = 86_400
    /// Most actions one user may post per ``actionRateWindow`` (429 + Retry-After beyond); 0 turns
    /// the limit off. 600 a minute is ten a second, sustained: well above a person scrolling.
    public var actionRateLimit: Int = 600
    /// Length of the action rate-limit window, seconds.
    public var actionRateWindow: Int = 60
    /// Seconds a counted (user, post, action) is remembered: a repeat within it changes no counter.
    public var actionRepeatWindow: Int = 7 * 86_400
    /// Longest wait for an inline generation on a miss before falling back.
    public var inlineGenerationTimeout: Duration = .milliseconds(250)
    /// Most inline generations running at once (each is a few ms of CPU; a burst of misses beyond
    /// it serves the fallback and queues jobs for the workers). 0 never generates inline.
    public var maxInlineGenerations: Int = 4
    /// Seconds clients are told to wait (`Retry-After`) when Redis is unavailable.
    public var retryAfterSeconds: Int = 1
    /// Whether a miss generates inline (single-flight per user) before falling back.
    public var inlineGeneration: Bool = true
    /// How often post deletions made through other instances are read from the shared log;
    /// `nil` reads none (a single instance, or tests that count every Redis round trip).
    public var deletionPollInterval: Duration? = .seconds(1)
    /// Where every handler reads the current time (the wall clock; `prefeed simulate loop` passes
    /// its simulated clock).
    public var clock: UnixClock = .wall
    /// Where inline generations log the features they ranked with (the join reads them); `nil`
    /// logs none, so `prefeed serve` always passes one (`--feature-log-dir`).
    public var featureLog: FeatureLogSegmentWriter?

    /// A configuration with the required parts; everything else has defaults.
    public init(redis: RedisConfiguration, jwtKeys: [JWTSecret], developmentUserHeader: String? = nil) {
        self.redis = redis
        self.jwtKeys = jwtKeys
        self.developmentUserHeader = developmentUserHeader
    }
}

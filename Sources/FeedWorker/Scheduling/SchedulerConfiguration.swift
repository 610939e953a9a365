import PrefeedRedis

/// How the ``Scheduler`` picks and paces feeds.
public struct SchedulerConfiguration: Sendable {
    /// Jobs queued per second at most (token bucket, burst of one second).
    public var rate: Double = 200
    /// A feed older than this is stale, seconds.
    public var maxAge: Double = 4 * 3_600
    /// New posts by followed authors that make a feed dirty (0: ignore the dirty counter).
    public var dirtyThreshold: Int = 20
    /// Users inactive longer than this are not regenerated (their feed keys expire), seconds.
    public var inactiveAfter: Double = 7 * 86_400
    /// Minimum time from the start of one pass over the active users to the start of the next.
    public var passInterval: Duration = .seconds(60)
    /// Users read per `ZSCAN` step (and checked per pipeline).
    public var scanCount: Int = 500
    /// Stop queueing while the scheduled streams hold this many jobs (the workers are behind).
    public var maxBacklog: Int = 50_000
    /// Run one pass and return (`prefeed schedule --once`).
    public var once: Bool = false
    /// Retry delays after Redis errors.
    public var backoff = Backoff(base: .milliseconds(100), maximum: .seconds(10))

    /// The defaults: 200 jobs/s, 4 h max age, dirty at 20 posts, inactive after 7 days, a pass a minute.
    public init() {}
}

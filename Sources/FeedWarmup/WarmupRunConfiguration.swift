import PrefeedRedis

/// How `prefeed warmup run` picks, budgets and paces warm-up jobs.
public struct WarmupRunConfiguration: Sendable {
    /// Lowest probability of a session within the horizon that is acted on (the replay's
    /// operating point on the demo world is 0.2).
    public var threshold: Double = 0.2
    /// A feed older than this at the expected arrival is stale, seconds (the replay's cost model).
    public var maxFeedAge: Double = 2 * 3_600
    /// Warm-up jobs per UTC clock hour, shared by every run in the hour (`nil`: unlimited).
    public var hourlyBudget: Int? = 10_000
    /// Jobs queued per second at most (token bucket), so a pass does not flood the workers.
    public var rate: Double = 500
    /// Users whose last activity is older than this are not scored, seconds.
    public var inactiveAfter: Double = 7 * 86_400
    /// Users read per `ZSCAN` step (and per pipeline of login histories and feed meta).
    public var scanCount: Int = 500
    /// Minimum time from the start of one pass to the start of the next (when not ``once``).
    public var passInterval: Duration = .seconds(600)
    /// Run one pass and return (`prefeed warmup run --once`, e.g. from a systemd timer).
    public var once: Bool = false
    /// Retry delays after Redis errors.
    public var backoff = Backoff(base: .milliseconds(100), maximum: .seconds(10))

    /// The defaults: threshold 0.2, 2 h max age, 10 000 jobs an hour, 500 jobs/s, a pass every 10 min.
    public init() {}
}

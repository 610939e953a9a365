/// What one warm-up pass did.
public struct WarmupPassSummary: Sendable, Hashable {
    /// When the pass scored (Unix seconds).
    public var now: Double = 0
    /// Active users read from the index (last activity within the inactivity limit).
    public var active = 0
    /// Users scored (those with at least one recorded session).
    public var scored = 0
    /// Of those, scored from too short a history (the model's fallback).
    public var fallback = 0
    /// Active users without any recorded session: not scored.
    public var noHistory = 0
    /// Scored below the threshold.
    public var unlikely = 0
    /// Likely, but the feed is still fresh at the expected arrival.
    public var fresh = 0
    /// Likely and stale, but already queued at warm-up priority or higher.
    public var alreadyQueued = 0
    /// Jobs queued at warm-up priority, in order of expected arrival.
    public var enqueued = 0
    /// Likely and stale users left out because the hour's budget was spent.
    public var budgetSkipped = 0
    /// The hour's budget use after the pass (all runs of the hour).
    public var budgetUsed = 0
    /// The hourly budget (`nil`: unlimited).
    public var budgetLimit: Int?
    /// Expected arrivals of the first and last job queued (Unix seconds).
    public var firstArrival: Double?
    public var lastArrival: Double?

    /// An empty summary.
    public init() {}

    /// Users found due: queued, already queued or left out for budget.
    public var due: Int { enqueued + alreadyQueued + budgetSkipped }
}

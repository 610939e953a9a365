/// What one scheduler pass over the active users did.
public struct SchedulePassSummary: Sendable, Hashable {
    /// Active users checked.
    public var scanned = 0
    /// Users dropped from the index as inactive.
    public var trimmedInactive = 0
    /// Jobs queued, by reason.
    public var queued: [ScheduleReason: Int] = [:]
    /// Due users skipped because they were already queued.
    public var alreadyQueued = 0

    /// An empty summary.
    public init() {}

    /// All jobs queued.
    public var totalQueued: Int { queued.values.reduce(0, +) }
}

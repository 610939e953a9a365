/// What the join has seen and done since it started (carried across checkpoints).
public struct JoinCounters: Hashable, Sendable, Codable {
    /// Impressions accepted.
    public var impressions = 0
    /// Impressions ignored because their request id was already joined.
    public var duplicateImpressions = 0
    /// Items of accepted impressions.
    public var impressedItems = 0
    /// Actions received (including duplicates).
    public var actions = 0
    /// Actions that set or updated a label.
    public var attributed = 0
    /// Actions ignored as duplicates (same client event id, or the same user/item/action again).
    public var duplicates = 0
    /// Actions on an impression whose window had closed (or that fell after it).
    public var late = 0
    /// Actions matching no impression.
    public var orphans = 0
    /// Rows emitted.
    public var rowsEmitted = 0
    /// All-negative rows dropped by downsampling.
    public var negativesDropped = 0
    /// Kept rows not emitted because their feature vector was not in the generation's log.
    public var missingFeatures = 0
    /// Emitted rows with each head positive.
    public var positives = HeadCounts()

    /// All zero.
    public init() {}
}

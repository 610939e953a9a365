import FeedLearning

/// The outcome of a join run: the directory's totals (carried in the checkpoint across runs) and
/// what this run read and wrote.
public struct StreamJoinSummary: Sendable, Hashable, CustomStringConvertible {
    /// The join's counters since the directory's first run.
    public var counters: JoinCounters
    /// Stream entries this run read.
    public var entriesRead = 0
    /// Entries this run could not decode (skipped).
    public var malformedEntries = 0
    /// Generations whose feature log was gone when their rows were due (this run).
    public var missingFeatureLogs = 0
    /// Shards that lost entries to trimming before the join read them (this run's checks).
    public var trimmedShards: [String] = []
    /// Rows this run committed.
    public var rowsWritten = 0
    /// Commits this run made.
    public var commits = 0
    /// The join's watermark at the end, Unix ms.
    public var watermark: Int64 = .min
    /// Impressions whose window is still open (kept in the checkpoint).
    public var openImpressions = 0
    /// The directory's total committed rows.
    public var totalRows = 0

    /// A summary starting from `counters`.
    public init(counters: JoinCounters) {
        self.counters = counters
    }

    /// One line: this run, then the directory's totals.
    public var description: String {
        let c = counters
        var line = "join: read \(entriesRead) entries (\(malformedEntries) malformed), wrote \(rowsWritten) rows in \(commits) commits"
        line += "; totals: \(c.impressions) impressions (\(c.duplicateImpressions) duplicate), \(c.actions) actions:"
        line += " \(c.attributed) attributed, \(c.late) late, \(c.orphans) orphans, \(c.duplicates) duplicates;"
        line += " \(c.rowsEmitted) rows (\(totalRows) on disk), \(c.negativesDropped) negatives dropped,"
        line += " \(c.missingFeatures) missing features (\(missingFeatureLogs) feature logs gone this run);"
        line += " \(openImpressions) impressions open, watermark \(watermark == .min ? "none" : String(watermark))"
        if !trimmedShards.isEmpty { line += "; TRIMMED before read: \(trimmedShards.joined(separator: ","))" }
        return line
    }
}

import FeedCore

/// The parameters of the impression–action join. Stored in every `JoinState`, so a checkpoint
/// always resumes with the parameters it was started with.
public struct JoinConfiguration: Hashable, Sendable, Codable {
    /// The default attribution window: 24 hours.
    public static let defaultWindowMillis: Int64 = 24 * 3_600_000
    /// The longest attribution window: 14 days (seed 002: purchases two weeks after an ad).
    public static let maximumWindowMillis: Int64 = 14 * 24 * 3_600_000

    /// Actions at `servedAt ≤ t < servedAt + windowMillis` are attributed; a row is emitted once the
    /// watermark reaches `servedAt + windowMillis`.
    public var windowMillis: Int64
    /// Fraction of all-negative rows kept, in (0, 1].
    public var negativeSamplingRate: Double
    /// Length of the feature vectors (`FeatureSchema.current.count`); other lengths count as missing.
    public var featureCount: Int
    /// How long after its window closed an impression is remembered, so that actions on it are
    /// counted as late rather than orphans, and duplicate client event ids are recognised.
    public var lateRetentionMillis: Int64

    /// Validated parameters; throws when the window is not in (0, 14 d] or the rate not in (0, 1].
    public init(
        windowMillis: Int64 = JoinConfiguration.defaultWindowMillis, negativeSamplingRate: Double = 1,
        featureCount: Int = FeatureSchema.current.count, lateRetentionMillis: Int64? = nil
    ) throws(JoinConfigurationError) {
        guard windowMillis > 0, windowMillis <= Self.maximumWindowMillis else {
            throw JoinConfigurationError("attribution window \(windowMillis) ms is not in (0, 14 days]")
        }
        guard negativeSamplingRate > 0, negativeSamplingRate <= 1 else {
            throw JoinConfigurationError("negative sampling rate \(negativeSamplingRate) is not in (0, 1]")
        }
        guard featureCount > 0 else { throw JoinConfigurationError("feature count must be positive") }
        let retention = lateRetentionMillis ?? windowMillis
        guard retention >= 0 else { throw JoinConfigurationError("late retention must not be negative") }
        self.windowMillis = windowMillis
        self.negativeSamplingRate = negativeSamplingRate
        self.featureCount = featureCount
        self.lateRetentionMillis = retention
    }

    /// The sampler for `negativeSamplingRate`.
    public var sampler: NegativeSampler { NegativeSampler(rate: negativeSamplingRate) }
}

/// A join parameter out of range.
public struct JoinConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is out of range.
    public var message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

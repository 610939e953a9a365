/// The cost model every policy is replayed under.
///
/// A generation costs 1 whatever triggers it. A login finds a **fresh** feed when one was generated
/// at most ``maxFeedAge`` before it and has not expired (``feedTTL``). A login that finds none is
/// a miss: the read path generates on demand (cost 1, counted for every policy) and that feed is
/// present from then on. Feeds held = feeds generated less than ``feedTTL`` ago.
public struct WarmupCostModel: Codable, Sendable, Hashable {
    /// Oldest feed that still counts as fresh, seconds (default 2 h).
    public var maxFeedAge: Double
    /// A feed expires this long after its last generation, seconds (default 2 h: a feed past its
    /// maximum age is of no use to a fresh hit, so keeping it only costs memory).
    public var feedTTL: Double
    /// Policies run this long before the evaluation window with nothing counted, so that no policy
    /// starts cold (seconds, default 12 h).
    public var burnIn: Double

    /// Creates a cost model.
    public init(maxFeedAge: Double = 7_200, feedTTL: Double = 7_200, burnIn: Double = 43_200) {
        precondition(maxFeedAge > 0 && feedTTL > 0 && burnIn >= 0, "positive durations")
        self.maxFeedAge = maxFeedAge
        self.feedTTL = feedTTL
        self.burnIn = burnIn
    }

    /// How long a feed generated at some time counts as fresh: the shorter of age and TTL.
    var freshFor: Double { min(maxFeedAge, feedTTL) }

    enum CodingKeys: String, CodingKey {
        case maxFeedAge = "max_feed_age_seconds"
        case feedTTL = "feed_ttl_seconds"
        case burnIn = "burn_in_seconds"
    }
}

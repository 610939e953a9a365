/// The knobs of a generated world. The same config (seed included) always gives the same world.
///
/// Defaults describe the demo world (10 K users, 100 K posts, four weeks); ``benchmark`` is the
/// 100 K users / 1 M posts world of the benchmarks.
public struct WorldConfig: Codable, Sendable, Hashable {
    /// The seed of every random draw.
    public var seed: UInt64
    /// Number of users (ids `1...users`).
    public var users: Int
    /// Number of posts (ids `1...posts`, growing with time).
    public var posts: Int
    /// Length of the history, in days, ending at ``endTime``.
    public var days: Int
    /// Dimension of topic vectors.
    public var topicDimension: Int
    /// End of the history, Unix seconds (default 2026-01-01T00:00:00Z).
    public var endTime: Double
    /// Mean number of authors a user follows (log-normal out-degree).
    public var meanFollowsPerUser: Double
    /// Share of follows chosen by fame (Zipf over a random fame ranking) rather than by topic.
    public var popularFollowShare: Double
    /// Zipf exponent of fame: follower counts fall as `rank^-exponent`.
    public var fameExponent: Double
    /// Share of users who post at all (the most famous 1 % always do).
    public var creatorShare: Double
    /// Log-normal sigma of posting rates among creators.
    public var postingRateSigma: Double
    /// Share of users who join during the history (cold starts).
    public var newUserShare: Double
    /// Mix of activity patterns.
    public var userTypeShares: UserTypeShares
    /// Where users live.
    public var timeZones: [TimeZoneShare]
    /// Mean posts a user looks at per session (before their personal depth multiplier).
    public var impressionsPerSession: Double
    /// Share of impressions in the historical feed taken from followed authors (the rest are
    /// popular posts and, for `exploreShare` of all impressions, topic-matched recommendations).
    public var followedShare: Double
    /// Share of impressions in the historical feed that a topic recommender picked.
    public var exploreShare: Double

    /// Creates a config; every argument has the demo world's default.
    public init(
        seed: UInt64 = 42, users: Int = 10_000, posts: Int = 100_000, days: Int = 28,
        topicDimension: Int = 16, endTime: Double = 1_767_225_600, meanFollowsPerUser: Double = 30,
        popularFollowShare: Double = 0.6, fameExponent: Double = 1.0, creatorShare: Double = 0.3,
        postingRateSigma: Double = 1.2, newUserShare: Double = 0.05,
        userTypeShares: UserTypeShares = UserTypeShares(), timeZones: [TimeZoneShare] = TimeZoneShare.worldMix,
        impressionsPerSession: Double = 10, followedShare: Double = 0.55, exploreShare: Double = 0.15
    ) {
        self.seed = seed
        self.users = users
        self.posts = posts
        self.days = days
        self.topicDimension = topicDimension
        self.endTime = endTime
        self.meanFollowsPerUser = meanFollowsPerUser
        self.popularFollowShare = popularFollowShare
        self.fameExponent = fameExponent
        self.creatorShare = creatorShare
        self.postingRateSigma = postingRateSigma
        self.newUserShare = newUserShare
        self.userTypeShares = userTypeShares
        self.timeZones = timeZones
        self.impressionsPerSession = impressionsPerSession
        self.followedShare = followedShare
        self.exploreShare = exploreShare
    }

    /// The demo world: 10 K users, 100 K posts, 28 days.
    public static let demo = WorldConfig()

    /// The benchmark world: 100 K users, 1 M posts, 28 days.
    public static let benchmark = WorldConfig(users: 100_000, posts: 1_000_000)

    /// Start of the history, Unix seconds.
    public var startTime: Double { endTime - Double(days) * 86_400 }

    enum CodingKeys: String, CodingKey {
        case seed
        case users
        case posts
        case days
        case topicDimension = "topic_dimension"
        case endTime = "end_time"
        case meanFollowsPerUser = "mean_follows_per_user"
        case popularFollowShare = "popular_follow_share"
        case fameExponent = "fame_exponent"
        case creatorShare = "creator_share"
        case postingRateSigma = "posting_rate_sigma"
        case newUserShare = "new_user_share"
        case userTypeShares = "user_type_shares"
        case timeZones = "time_zones"
        case impressionsPerSession = "impressions_per_session"
        case followedShare = "followed_share"
        case exploreShare = "explore_share"
    }

    /// Checks every knob; throws the first problem found.
    public func validate() throws(WorldConfigError) {
        func check(_ condition: Bool, _ knob: String, _ rule: String) throws(WorldConfigError) {
            if !condition { throw WorldConfigError(knob: knob, rule: rule) }
        }
        try check(users >= 2 && users < Int(Int32.max), "users", "must be in 2..<2^31")
        try check(posts >= 0 && posts < Int(Int32.max), "posts", "must be in 0..<2^31")
        try check(days >= 1 && days <= 3_650, "days", "must be in 1...3650")
        try check(topicDimension >= 2 && topicDimension <= 256, "topicDimension", "must be in 2...256")
        try check(endTime.isFinite && endTime > Double(days) * 86_400, "endTime", "must be a finite time after 1970 + days")
        try check(meanFollowsPerUser >= 0 && meanFollowsPerUser.isFinite, "meanFollowsPerUser", "must be ≥ 0")
        try check((0...1).contains(popularFollowShare), "popularFollowShare", "must be in [0, 1]")
        try check(fameExponent >= 0 && fameExponent <= 4, "fameExponent", "must be in [0, 4]")
        try check(creatorShare > 0 && creatorShare <= 1, "creatorShare", "must be in (0, 1]")
        try check(postingRateSigma >= 0 && postingRateSigma <= 4, "postingRateSigma", "must be in [0, 4]")
        try check((0...1).contains(newUserShare), "newUserShare", "must be in [0, 1]")
        let typeWeights = userTypeShares.weights
        try check(typeWeights.allSatisfy { $0 >= 0 && $0.isFinite } && typeWeights.reduce(0, +) > 0,
                  "userTypeShares", "must be non-negative with a positive sum")
        try check(!timeZones.isEmpty && timeZones.allSatisfy { $0.share >= 0 && abs($0.utcOffsetHours) <= 14 }
                  && timeZones.reduce(0) { $0 + $1.share } > 0,
                  "timeZones", "need at least one zone, offsets within ±14 h, non-negative shares with a positive sum")
        try check(impressionsPerSession >= 1 && impressionsPerSession <= 1_000, "impressionsPerSession", "must be in 1...1000")
        try check((0...1).contains(followedShare) && (0...1).contains(exploreShare) && followedShare + exploreShare <= 1,
                  "followedShare/exploreShare", "must be in [0, 1] with a sum ≤ 1")
    }
}

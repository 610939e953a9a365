/// The figures of one policy at one knob value over the evaluation window.
public struct PolicyResult: Codable, Sendable, Hashable {
    /// Policy name (``WarmupPolicy/name``).
    public var policy: String
    /// Knob name.
    public var knobName: String
    /// Knob value.
    public var knob: Double
    /// Logins in the window.
    public var logins: Int
    /// Logins that found a fresh feed.
    public var freshHits: Int
    /// Generations the policy made ahead of logins (schedule, prediction, oracle).
    public var backgroundGenerations: Int
    /// Generations on demand at missed logins.
    public var onDemandGenerations: Int
    /// Most feeds held at once.
    public var feedsPeak: Int
    /// Time-averaged feeds held.
    public var feedsMean: Double

    /// Creates a result.
    public init(policy: String, knobName: String, knob: Double, logins: Int, freshHits: Int,
                backgroundGenerations: Int, onDemandGenerations: Int, feedsPeak: Int, feedsMean: Double) {
        self.policy = policy
        self.knobName = knobName
        self.knob = knob
        self.logins = logins
        self.freshHits = freshHits
        self.backgroundGenerations = backgroundGenerations
        self.onDemandGenerations = onDemandGenerations
        self.feedsPeak = feedsPeak
        self.feedsMean = feedsMean
    }

    /// All generations.
    public var generations: Int { backgroundGenerations + onDemandGenerations }
    /// Share of logins that found a fresh feed (0 without logins).
    public var freshHitRate: Double { logins > 0 ? Double(freshHits) / Double(logins) : 0 }
    /// Generations per login (0 without logins).
    public var generationsPerLogin: Double { logins > 0 ? Double(generations) / Double(logins) : 0 }

    enum CodingKeys: String, CodingKey {
        case policy, knob, logins
        case knobName = "knob_name"
        case freshHits = "fresh_hits"
        case backgroundGenerations = "background_generations"
        case onDemandGenerations = "on_demand_generations"
        case feedsPeak = "feeds_peak"
        case feedsMean = "feeds_mean"
    }
}

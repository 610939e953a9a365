/// Impressions and action counts of one post (or of all posts of one author) in one time window.
public struct EngagementCounts: Hashable, Sendable, Codable {
    public var impressions: Double
    public var clicks: Double
    public var likes: Double
    public var comments: Double
    public var shares: Double
    public var hides: Double
    public var reports: Double

    public init(
        impressions: Double = 0, clicks: Double = 0, likes: Double = 0, comments: Double = 0,
        shares: Double = 0, hides: Double = 0, reports: Double = 0
    ) {
        self.impressions = impressions
        self.clicks = clicks
        self.likes = likes
        self.comments = comments
        self.shares = shares
        self.hides = hides
        self.reports = reports
    }

    /// Nothing happened in the window.
    public static let zero = EngagementCounts()

    /// Positive engagements: clicks + likes + comments + shares.
    public var engagements: Double { clicks + likes + comments + shares }

    /// Negative feedback: hides + reports.
    public var negatives: Double { hides + reports }

    /// The count of one action (`dwell` is not counted here and is 0).
    public func count(of action: ActionType) -> Double {
        switch action {
        case .click: clicks
        case .like: likes
        case .comment: comments
        case .share: shares
        case .hide: hides
        case .report: reports
        case .dwell: 0
        }
    }
}

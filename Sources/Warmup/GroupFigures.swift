/// Fresh hits of one group of users (e.g. a user type of the synthetic world's hidden truth) at
/// the operating point.
public struct GroupFigures: Codable, Sendable, Hashable {
    /// Group name.
    public var group: String
    /// Counted logins of the group's users.
    public var logins: Int
    /// Of which fresh hits.
    public var freshHits: Int

    /// Creates figures.
    public init(group: String, logins: Int, freshHits: Int) {
        self.group = group
        self.logins = logins
        self.freshHits = freshHits
    }

    /// Share of the group's logins that found a fresh feed.
    public var freshHitRate: Double { logins > 0 ? Double(freshHits) / Double(logins) : 0 }

    enum CodingKeys: String, CodingKey {
        case group, logins
        case freshHits = "fresh_hits"
    }
}

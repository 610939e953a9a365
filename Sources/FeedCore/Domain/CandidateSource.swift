/// Why a post was considered for a user's feed. Shown to clients as the item's reason.
public enum CandidateSource: String, CaseIterable, Codable, Sendable {
    /// A new post of an author the user follows.
    case followedNew = "followed_new"
    /// A post that is popular overall.
    case popular
    /// A post whose engagement is rising quickly.
    case trending
    /// A post chosen to learn about new authors or uncertain items.
    case exploration
    /// A cheap fallback when there is nothing better (for example a brand-new user).
    case fallback
}

/// Where a page came from.
public enum PageSource: String, Sendable, Codable {
    /// The pre-generated snapshot (one round trip).
    case cache
    /// A generation run inline on a miss (single-flight per user).
    case inline
    /// The cheap fallback (followed authors' newest + popular) while a job regenerates the feed.
    case fallback
}

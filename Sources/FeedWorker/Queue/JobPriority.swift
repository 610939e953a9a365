/// How urgent a regeneration is. Workers always drain a higher priority before a lower one.
///
/// - ``interactive``: a reader is waiting (cache miss, explicit refresh).
/// - ``warmup``: the login model expects the user soon (issue 8).
/// - ``scheduled``: the scheduler found the feed stale, dirty or ranked by an older model.
public enum JobPriority: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case interactive = 0
    case warmup = 1
    case scheduled = 2

    /// The name used in stream keys, metric dimensions and logs.
    public var name: String {
        switch self {
        case .interactive: return "interactive"
        case .warmup: return "warmup"
        case .scheduled: return "scheduled"
        }
    }

    /// Parses ``name``.
    /// The priority called `name` (`interactive`, `warmup`, `scheduled`), or `nil`.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Higher priority sorts first: `interactive < warmup < scheduled`.
    public static func < (lhs: JobPriority, rhs: JobPriority) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { name }
}

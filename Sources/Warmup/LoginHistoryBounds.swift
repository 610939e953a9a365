/// How much of a user's login history is kept: the newest ``maxCount`` session starts, none older
/// than ``maxAge`` before the newest one.
///
/// ``store`` equals the bounds of the Redis login history (`StoreConfiguration.maxLogins` and
/// `loginMaxAge`: 100 logins, 28 days, trimmed relative to the newest login), so the model sees in
/// training and evaluation exactly what it sees in production.
public struct LoginHistoryBounds: Codable, Sendable, Hashable {
    /// Most session starts kept.
    public var maxCount: Int
    /// Oldest session start kept, in seconds before the newest one.
    public var maxAge: Double

    /// Creates bounds.
    public init(maxCount: Int = 100, maxAge: Double = 28 * 86_400) {
        precondition(maxCount >= 1 && maxAge > 0, "bounds must be positive")
        self.maxCount = maxCount
        self.maxAge = maxAge
    }

    /// The Redis store's bounds: 100 logins, 28 days.
    public static let store = LoginHistoryBounds()

    enum CodingKeys: String, CodingKey {
        case maxCount = "max_count"
        case maxAge = "max_age_seconds"
    }

    /// The start index of the retained part of `times[..<end]` (sorted ascending).
    func retainedStart(of times: [Double], end: Int, from lowerLimit: Int = 0) -> Int {
        guard end > lowerLimit else { return end }
        var start = max(lowerLimit, end - maxCount)
        let oldest = times[end - 1] - maxAge
        while start < end, times[start] < oldest { start += 1 }
        return start
    }
}

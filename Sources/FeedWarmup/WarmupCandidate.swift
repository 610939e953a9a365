import FeedCore

/// A user found due for warm-up: queued in order of ``expectedArrival`` (then user id).
struct WarmupCandidate: Sendable, Hashable, Comparable {
    var user: UserID
    var expectedArrival: Double
    var probability: Double

    static func < (lhs: WarmupCandidate, rhs: WarmupCandidate) -> Bool {
        lhs.expectedArrival != rhs.expectedArrival ? lhs.expectedArrival < rhs.expectedArrival : lhs.user.rawValue < rhs.user.rawValue
    }
}

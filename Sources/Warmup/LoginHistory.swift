/// One user's recent session starts (Unix seconds, ascending), bounded by ``LoginHistoryBounds``.
///
/// Recording a login trims the history the way the Redis store does: keep the newest
/// `maxCount` starts and drop those older than `maxAge` before the newest. Starts closer than
/// ``minimumGap`` to an already recorded one are the same session and are ignored.
public struct LoginHistory: Codable, Sendable, Hashable {
    /// Sessions closer than this (seconds) are one session, as in the synthetic world.
    public static let minimumGap: Double = 600

    /// The bounds applied on every record.
    public let bounds: LoginHistoryBounds
    /// Session starts, oldest first.
    public private(set) var times: [Double]

    /// An empty history.
    public init(bounds: LoginHistoryBounds = .store) {
        self.bounds = bounds
        times = []
    }

    /// A history holding `times` (any order), trimmed to `bounds`.
    public init(times: [Double], bounds: LoginHistoryBounds = .store) {
        self.init(bounds: bounds)
        for time in times.sorted() { record(time) }
    }

    /// Records a session start and trims. Out-of-order starts are inserted in place.
    public mutating func record(_ time: Double) {
        guard time.isFinite else { return }
        var index = times.endIndex
        while index > 0, times[index - 1] > time { index -= 1 }
        if index > 0, time - times[index - 1] < Self.minimumGap { return }
        if index < times.count, times[index] - time < Self.minimumGap { return }
        times.insert(time, at: index)
        let start = bounds.retainedStart(of: times, end: times.count)
        if start > 0 { times.removeFirst(start) }
    }

    /// Number of session starts held.
    public var count: Int { times.count }
    /// Whether nothing is held.
    public var isEmpty: Bool { times.isEmpty }
    /// The newest session start.
    public var last: Double? { times.last }

    /// The starts strictly before `time`: what a prediction at `time` may use.
    public func before(_ time: Double) -> ArraySlice<Double> {
        var end = times.count
        while end > 0, times[end - 1] >= time { end -= 1 }
        return times[..<end]
    }
}

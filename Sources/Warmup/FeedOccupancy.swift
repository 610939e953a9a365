/// Tracks which users hold a feed over time (a feed lives `ttl` seconds after its last
/// generation) and reports the peak and time-averaged number held within a window.
struct FeedOccupancy: Sendable {
    let ttl: Double
    private var openStart: [Double]
    private var openEnd: [Double]
    private var closed: [(start: Double, end: Double)] = []

    init(users: Int, ttl: Double) {
        self.ttl = ttl
        openStart = [Double](repeating: -.infinity, count: users)
        openEnd = [Double](repeating: -.infinity, count: users)
    }

    /// A feed of `user` was generated at `time`.
    mutating func generated(user: Int, at time: Double) {
        if time <= openEnd[user] {
            openStart[user] = min(openStart[user], time)
            openEnd[user] = max(openEnd[user], time + ttl)
        } else {
            if openEnd[user] > -.infinity { closed.append((openStart[user], openEnd[user])) }
            openStart[user] = time
            openEnd[user] = time + ttl
        }
    }

    /// Peak and mean number of feeds held within `[from, until)`.
    func summary(from: Double, until: Double) -> (peak: Int, mean: Double) {
        var events: [(time: Double, delta: Int)] = []
        events.reserveCapacity(2 * (closed.count + openStart.count))
        func add(_ start: Double, _ end: Double) {
            let clippedStart = max(start, from)
            let clippedEnd = min(end, until)
            guard clippedEnd > clippedStart else { return }
            events.append((clippedStart, 1))
            events.append((clippedEnd, -1))
        }
        for interval in closed { add(interval.start, interval.end) }
        for user in openStart.indices where openEnd[user] > -.infinity { add(openStart[user], openEnd[user]) }
        events.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var current = 0
        var peak = 0
        var area = 0.0
        var previous = from
        for event in events {
            area += Double(current) * (event.time - previous)
            previous = event.time
            current += event.delta
            peak = max(peak, current)
        }
        let length = until - from
        return (peak, length > 0 ? area / length : 0)
    }
}

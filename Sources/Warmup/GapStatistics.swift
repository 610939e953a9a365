/// Inter-arrival statistics of a history: mean and median gap (hours) and the coefficient of
/// variation. Depends only on the history, so callers scoring one history at many times compute
/// it once.
struct GapStatistics: Sendable, Hashable {
    /// Mean gap, hours.
    var meanHours: Double
    /// Median gap, hours.
    var medianHours: Double
    /// Standard deviation over mean, clamped to [0, 4].
    var variation: Double

    /// Statistics of ascending `times`. Fewer than 2 starts: 28-day gaps; fewer than 3: variation 1.
    init(_ times: ArraySlice<Double>) {
        guard times.count >= 2 else {
            meanHours = 28 * 24
            medianHours = 28 * 24
            variation = 1
            return
        }
        var gaps: [Double] = []
        gaps.reserveCapacity(times.count - 1)
        var previous = times[times.startIndex]
        for time in times.dropFirst() {
            gaps.append((time - previous) / WeekClock.hour)
            previous = time
        }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        gaps.sort()
        let middle = gaps.count / 2
        medianHours = gaps.count % 2 == 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2
        meanHours = mean
        if gaps.count >= 2, mean > 0 {
            let variance = gaps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(gaps.count)
            variation = min(4, variance.squareRoot() / mean)
        } else {
            variation = 1
        }
    }
}

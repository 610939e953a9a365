import Foundation

/// Computes the ``LoginFeature`` values of one history at one time, and the expected arrival
/// offset within the horizon. Allocation-free given a reused output buffer.
struct LoginFeatureExtractor: Sendable {
    /// Number of features.
    static let count = LoginFeature.allCases.count

    let horizon: Double
    let population: PopulationProfile
    let smoothing: LoginSmoothing
    /// The history's age bound: the longest span a profile is estimated over.
    let maxSpan: Double

    /// Writes the features of the starts `times` (ascending, all before `time`, not empty) for
    /// the window `[time, time + horizon)` into `features` (resized to ``count``) and returns the
    /// expected arrival offset in seconds, conditional on a session in the window.
    func extract(
        _ times: ArraySlice<Double>, at time: Double, gaps: GapStatistics, into features: inout [Double]
    ) -> Double {
        if features.count != Self.count { features = [Double](repeating: 0, count: Self.count) }
        let count = Double(times.count)
        let weekPhase = WeekClock.secondOfWeek(time)
        let dayPhase = WeekClock.secondOfDay(time)
        let weekend = weekPhase >= 5 * WeekClock.day
        var weekMatches = 0.0, dayMatches = 0.0, typeMatches = 0.0, offsetSum = 0.0
        var last7 = 0.0, last28 = 0.0, sameKind = 0.0
        var sameDays: UInt8 = 0
        for start in times {
            let age = time - start
            if age <= 7 * WeekClock.day { last7 += 1 }
            if age <= 28 * WeekClock.day { last28 += 1 }
            if (WeekClock.secondOfWeek(start) >= 5 * WeekClock.day) == weekend { sameKind += 1 }
            let weekOffset = WeekClock.offset(of: WeekClock.secondOfWeek(start), after: weekPhase, period: WeekClock.week)
            if weekOffset < horizon {
                weekMatches += 1
                offsetSum += weekOffset
            }
            let dayOffset = WeekClock.offset(of: WeekClock.secondOfDay(start), after: dayPhase, period: WeekClock.day)
            if dayOffset < horizon {
                dayMatches += 1
                offsetSum += dayOffset
                if (WeekClock.secondOfWeek(start - dayOffset) >= 5 * WeekClock.day) == weekend { typeMatches += 1 }
                let daysBack = Int(((age + dayOffset) / WeekClock.day).rounded())
                if daysBack >= 1, daysBack <= 7 { sameDays |= 1 << (daysBack - 1) }
            }
        }
        let oldest = times[times.startIndex]
        let spanDays = min(max((time - oldest) / WeekClock.day, 1), maxSpan / WeekClock.day)
        let weeks = spanDays / 7
        let populationWeek = population.weekShare(at: time, length: horizon)
        let populationDay = population.dayShare(at: time, length: horizon)
        let weekPrior = smoothing.weekPriorWeeks
        let dayPrior = smoothing.dayPriorDays
        let weekRate = (weekMatches + weekPrior * (count / weeks) * populationWeek) / (weeks + weekPrior)
        let dayRate = (dayMatches + dayPrior * (count / spanDays) * populationDay) / (spanDays + dayPrior)
        let typeDays = max(spanDays * (weekend ? 2.0 / 7 : 5.0 / 7), 0.5)
        let typeRate = (typeMatches + dayPrior * (count / spanDays) * populationDay) / (typeDays + dayPrior)
        let hoursSinceLast = (time - times[times.endIndex - 1]) / WeekClock.hour

        features[0] = log(0.005 + weekRate)
        features[1] = log(0.005 + dayRate)
        features[2] = log(0.005 + typeRate)
        features[3] = log(((sameKind + 0.5) / (count + 1)) / (weekend ? 2.0 / 7 : 5.0 / 7))
        features[4] = log(max(populationWeek * WeekClock.week / horizon, 1e-6))
        features[5] = log1p(hoursSinceLast)
        features[6] = sameDays & 1 != 0 ? 1 : 0
        features[7] = sameDays & (1 << 6) != 0 ? 1 : 0
        features[8] = Double(sameDays.nonzeroBitCount) / 7
        features[9] = log1p(last7)
        features[10] = log1p(last28)
        features[11] = log(0.1 + gaps.meanHours)
        features[12] = log(0.1 + gaps.medianHours)
        features[13] = gaps.variation
        features[14] = log((0.1 + hoursSinceLast) / (0.1 + gaps.medianHours))

        let prior = 1.0
        return (offsetSum + prior * horizon / 2) / (weekMatches + dayMatches + prior)
    }

    /// log of the population intensity in the window relative to the weekly mean: the fallback's input.
    func populationFeature(at time: Double) -> Double {
        log(max(population.weekShare(at: time, length: horizon) * WeekClock.week / horizon, 1e-6))
    }
}

import Foundation

/// Decides when one user opens the app on one local day, from their hidden activity pattern.
struct SessionPlanner {
    let config: WorldConfig
    /// Sessions closer than this to the previous one are the same session.
    static let minimumGap: Double = 600

    /// Appends to `times` (cleared first) the session starts of `truth`'s user on local day
    /// `localMidnight` (a local clock reading of midnight), in UTC, sorted, within the history,
    /// after the account was created and outside any absence.
    func plan(
        truth: UserTruth, createdAt: Double, localMidnight: Double,
        using random: inout Xoshiro256StarStar, into times: inout [Double]
    ) {
        times.removeAll(keepingCapacity: true)
        let utcMidnight = localMidnight - truth.utcOffsetHours * 3_600
        let weekend = DailyRhythm.isWeekend(DailyRhythm.weekday(localMidnight: localMidnight))
        let earliest = max(config.startTime, createdAt)

        func add(_ secondOfDay: Double) {
            guard secondOfDay >= 0, secondOfDay < 86_400 else { return }
            let time = utcMidnight + secondOfDay
            guard time >= earliest, time < config.endTime else { return }
            if let absence = truth.absence, absence.contains(time) { return }
            times.append(time)
        }

        if !truth.habits.isEmpty {
            if random.bernoulli(truth.activeDayProbability) {
                for habit in truth.habits {
                    let probability = weekend ? habit.probability * 0.7 : habit.probability
                    if random.bernoulli(probability) {
                        let hour = weekend ? habit.hour + 1 : habit.hour
                        add(hour * 3_600 + random.normal(mean: 0, standardDeviation: habit.jitterMinutes * 60))
                    }
                }
                for _ in 0..<random.poisson(mean: truth.extraSessionsPerDay) {
                    add(DailyRhythm.sampleSecondOfDay(weekend: weekend, using: &random))
                }
            }
        } else if truth.type == .weekendUser {
            if weekend {
                if random.bernoulli(truth.activeDayProbability) {
                    for _ in 0..<(1 + random.poisson(mean: truth.extraSessionsPerDay)) {
                        add(DailyRhythm.sampleSecondOfDay(weekend: true, using: &random))
                    }
                }
            } else if random.bernoulli(0.06) {
                add(DailyRhythm.sampleSecondOfDay(weekend: false, using: &random))
            }
        } else if random.bernoulli(truth.activeDayProbability) {
            for _ in 0..<(1 + random.poisson(mean: truth.extraSessionsPerDay)) {
                add(DailyRhythm.sampleSecondOfDay(weekend: weekend, using: &random))
            }
        }

        // A new account's first session is its creation.
        if createdAt >= config.startTime, createdAt >= utcMidnight, createdAt < utcMidnight + 86_400, createdAt < config.endTime,
           !(truth.absence?.contains(createdAt) ?? false) {
            times.append(createdAt)
        }
        guard !times.isEmpty else { return }
        times.sort()
        var kept = 0
        for time in times where kept == 0 || time - times[kept - 1] >= SessionPlanner.minimumGap {
            times[kept] = Rounding.milliseconds(time)
            kept += 1
        }
        times.removeLast(times.count - kept)
    }
}

import Foundation

/// Draws the users: account facts, hidden topic preferences, propensities, activity pattern.
struct PopulationBuilder {
    let config: WorldConfig

    func build() -> Population {
        let count = config.users
        let fameRank = drawFameRanks()
        let topicTable = AliasTable(weights: (0..<config.topicDimension).map { 1 / pow(Double($0 + 1), 0.7) })
        let typeTable = AliasTable(weights: config.userTypeShares.weights)
        let zoneTable = AliasTable(weights: config.timeZones.map(\.share))
        let famousCount = max(1, count / 100)

        var users: [UserRow] = []
        var truths: [UserTruth] = []
        var primaryTopic: [Int32] = []
        var postingWeight: [Double] = []
        users.reserveCapacity(count)
        truths.reserveCapacity(count)
        primaryTopic.reserveCapacity(count)
        postingWeight.reserveCapacity(count)

        for index in 0..<count {
            var random = Xoshiro256StarStar(seed: SeedDerivation.derive(config.seed, StreamTag.user, UInt64(index)))
            let id = Int64(index) + 1
            let isNew = random.bernoulli(config.newUserShare)
            let createdAt = Rounding.milliseconds(isNew
                ? random.uniform(config.startTime, config.endTime - 3_600)
                : config.startTime - random.uniform(1, 730) * 86_400)
            let platformDraw = random.unitDouble()
            let platform: UserRow.Platform = platformDraw < 0.45 ? .ios : (platformDraw < 0.85 ? .android : .web)
            users.append(UserRow(id: id, createdAt: createdAt, platform: platform))

            let type = UserType.allCases[typeTable.sample(using: &random)]
            let offset = config.timeZones[zoneTable.sample(using: &random)].utcOffsetHours
            let (preference, primary) = drawPreference(topicTable: topicTable, using: &random)
            primaryTopic.append(Int32(primary))
            let propensities = ActionPropensities(
                click: Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.5)),
                like: Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.6)),
                comment: Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.8)),
                share: Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.8)),
                hide: Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.6)),
                report: Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.6)))
            let mediaAffinity = MediaAffinity(
                text: Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.4)),
                image: Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.4)),
                video: Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.4)),
                link: Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.4)))
            let authorQuality = Rounding.fourDecimals(random.normal(mean: 0, standardDeviation: 0.5))

            let rank = Int(fameRank[index])
            let isCreator = rank < famousCount || random.bernoulli(config.creatorShare)
            let fameBoost = 1 + 4 * pow(Double(rank + 1), -config.fameExponent)
            postingWeight.append(isCreator ? random.logNormal(mu: 0, sigma: config.postingRateSigma) * fameBoost : 0)

            let activity = drawActivity(type: type, createdAt: createdAt, using: &random)
            truths.append(UserTruth(
                user: id, type: type, utcOffsetHours: offset, preference: preference,
                propensities: propensities, mediaAffinity: mediaAffinity, authorQuality: authorQuality,
                postsPerDay: 0, habits: activity.habits, activeDayProbability: activity.activeDayProbability,
                extraSessionsPerDay: activity.extraSessionsPerDay, absence: activity.absence,
                sessionDepth: Rounding.fourDecimals(random.logNormal(mu: -0.1, sigma: 0.45))))
        }

        let totalWeight = postingWeight.reduce(0, +)
        if totalWeight > 0 {
            let scale = Double(config.posts) / totalWeight / Double(config.days)
            for index in 0..<count {
                truths[index].postsPerDay = Rounding.fourDecimals(postingWeight[index] * scale)
            }
        }
        return Population(
            users: users, truths: truths, fameRank: fameRank, primaryTopic: primaryTopic,
            postingWeight: postingWeight)
    }

    /// A random permutation: the fame rank of each user.
    private func drawFameRanks() -> [Int32] {
        var random = Xoshiro256StarStar(seed: SeedDerivation.derive(config.seed, StreamTag.fame, 0))
        var ranks = (0..<config.users).map { Int32($0) }
        for index in stride(from: ranks.count - 1, to: 0, by: -1) {
            ranks.swapAt(index, random.index(below: index + 1))
        }
        return ranks
    }

    /// A normalized preference: one primary liked topic, up to two secondary ones, up to two
    /// disliked ones (negative), small noise elsewhere. Returns it with the primary topic.
    private func drawPreference(topicTable: AliasTable, using random: inout Xoshiro256StarStar) -> ([Float], Int) {
        let dimension = config.topicDimension
        var vector = (0..<dimension).map { _ in random.normal(mean: 0, standardDeviation: 0.12) }
        let primary = topicTable.sample(using: &random)
        vector[primary] += 1
        var liked: Set<Int> = [primary]
        let secondaryDraw = random.unitDouble()
        let secondaryCount = secondaryDraw < 0.25 ? 0 : (secondaryDraw < 0.75 ? 1 : 2)
        for _ in 0..<secondaryCount {
            for _ in 0..<8 {
                let topic = topicTable.sample(using: &random)
                if liked.insert(topic).inserted {
                    vector[topic] += random.uniform(0.35, 0.8)
                    break
                }
            }
        }
        let dislikedDraw = random.unitDouble()
        let dislikedCount = dislikedDraw < 0.2 ? 0 : (dislikedDraw < 0.75 ? 1 : 2)
        for _ in 0..<dislikedCount {
            for _ in 0..<8 {
                let topic = random.index(below: dimension)
                if liked.insert(topic).inserted {
                    vector[topic] -= random.uniform(0.5, 1.0)
                    break
                }
            }
        }
        return (Rounding.normalized(vector), primary)
    }

    private struct Activity {
        var habits: [HabitAnchor] = []
        var activeDayProbability: Double
        var extraSessionsPerDay: Double
        var absence: AbsenceWindow?
    }

    private func drawActivity(type: UserType, createdAt: Double, using random: inout Xoshiro256StarStar) -> Activity {
        switch type {
        case .dailyRegular:
            return regularActivity(using: &random)
        case .weekendUser:
            return Activity(
                activeDayProbability: Rounding.fourDecimals(random.uniform(0.6, 0.95)),
                extraSessionsPerDay: Rounding.fourDecimals(random.uniform(0.8, 2.5)))
        case .occasional:
            return occasionalActivity(lower: 0.04, upper: 0.35, using: &random)
        case .returning:
            var activity = random.bernoulli(0.5)
                ? regularActivity(using: &random)
                : occasionalActivity(lower: 0.2, upper: 0.5, using: &random)
            let earliest = config.startTime - 7 * 86_400
            var from = random.uniform(earliest, max(earliest + 86_400, config.endTime - 21 * 86_400))
            let length = random.uniform(14, 35) * 86_400
            if createdAt >= config.startTime {
                from = max(from, createdAt + random.uniform(1, 7) * 86_400)  // a new account first shows up
            }
            activity.absence = AbsenceWindow(from: Rounding.milliseconds(from), until: Rounding.milliseconds(from + length))
            return activity
        }
    }

    private func regularActivity(using random: inout Xoshiro256StarStar) -> Activity {
        let countDraw = random.unitDouble()
        let habitCount = countDraw < 0.3 ? 1 : (countDraw < 0.75 ? 2 : 3)
        var hours: [Double] = []
        for _ in 0..<habitCount {
            for _ in 0..<10 {
                let hour = DailyRhythm.sampleSecondOfDay(weekend: false, using: &random) / 3_600
                if hours.allSatisfy({ abs($0 - hour) >= 1.5 }) {
                    hours.append(hour)
                    break
                }
            }
        }
        let habits = hours.sorted().map { hour in
            HabitAnchor(
                hour: Rounding.fourDecimals(hour),
                probability: Rounding.fourDecimals(random.uniform(0.55, 0.95)),
                jitterMinutes: Rounding.fourDecimals(random.uniform(8, 40)))
        }
        return Activity(
            habits: habits,
            activeDayProbability: Rounding.fourDecimals(random.uniform(0.85, 0.98)),
            extraSessionsPerDay: Rounding.fourDecimals(random.uniform(0.1, 1.0)))
    }

    private func occasionalActivity(lower: Double, upper: Double, using random: inout Xoshiro256StarStar) -> Activity {
        Activity(
            activeDayProbability: Rounding.fourDecimals(random.uniform(lower, upper)),
            extraSessionsPerDay: Rounding.fourDecimals(random.uniform(0, 0.6)))
    }
}

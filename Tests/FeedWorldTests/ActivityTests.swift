import FeedWorld
import Foundation
import Testing

@Suite("Activity")
struct ActivityTests {
    private var sample: SampleWorld { SampleWorld.shared }

    private func localHour(_ login: LoginRow) -> Int {
        let offset = sample.world.truth(of: login.user)!.utcOffsetHours * 3_600
        let seconds = (login.at + offset).truncatingRemainder(dividingBy: 86_400)
        return Int(seconds / 3_600)
    }

    @Test("logins follow a daily rhythm: peak hours far above 4 am")
    func loginsHaveDailyRhythm() {
        var histogram = [Int](repeating: 0, count: 24)
        for login in sample.rows.logins { histogram[localHour(login)] += 1 }
        let fourAM = max(1, histogram[4])
        let evening = histogram[19...22].max()!
        let morning = histogram[7...9].max()!
        #expect(evening >= 5 * fourAM, "histogram \(histogram)")
        #expect(morning >= 4 * fourAM, "histogram \(histogram)")
    }

    @Test("logins and actions are sorted by time and inside the history")
    func rowsAreTimeOrdered() {
        let config = SampleWorld.config
        let logins = sample.rows.logins
        let actions = sample.rows.actions
        #expect(zip(logins, logins.dropFirst()).allSatisfy { $0.at <= $1.at })
        #expect(zip(actions, actions.dropFirst()).allSatisfy { $0.at <= $1.at })
        #expect(logins.allSatisfy { $0.at >= config.startTime && $0.at < config.endTime })
        #expect(actions.allSatisfy { $0.at >= config.startTime && $0.at < config.endTime })
    }

    @Test("weekend users come mostly on weekends; regulars on most days")
    func userTypesShapeTheWeek() {
        var weekendLogins = 0
        var weekdayLogins = 0
        var regularDays = [Int64: Set<Int>]()
        for login in sample.rows.logins {
            let truth = sample.world.truth(of: login.user)!
            let localDay = Int(((login.at + truth.utcOffsetHours * 3_600) / 86_400).rounded(.down))
            let weekday = ((localDay + 3) % 7 + 7) % 7
            if truth.type == .weekendUser {
                if weekday >= 5 { weekendLogins += 1 } else { weekdayLogins += 1 }
            }
            if truth.type == .dailyRegular { regularDays[login.user, default: []].insert(localDay) }
        }
        // Two weekend days against five weekdays, yet more weekend logins.
        #expect(weekendLogins > 2 * weekdayLogins)
        let meanDays = Double(regularDays.values.map(\.count).reduce(0, +)) / Double(max(1, regularDays.count))
        #expect(meanDays > 0.7 * Double(SampleWorld.config.days))
    }

    @Test("returning users do not log in while away, and some come back")
    func returningUsersRespectAbsence() {
        var cameBack = 0
        let returning = Dictionary(uniqueKeysWithValues: sample.rows.truths.compactMap { truth in
            truth.absence.map { (truth.user, $0) }
        })
        var counted = Set<Int64>()
        for login in sample.rows.logins {
            guard let absence = returning[login.user] else { continue }
            #expect(!absence.contains(login.at))
            if login.at >= absence.until, counted.insert(login.user).inserted { cameBack += 1 }
        }
        #expect(!returning.isEmpty)
        #expect(cameBack > 0)
    }

    @Test("habitual users log in near their habit times")
    func regularsKeepHabits() {
        var near = 0
        var total = 0
        for login in sample.rows.logins {
            let truth = sample.world.truth(of: login.user)!
            guard truth.type == .dailyRegular else { continue }
            let hour = ((login.at + truth.utcOffsetHours * 3_600).truncatingRemainder(dividingBy: 86_400)) / 3_600
            total += 1
            if truth.habits.contains(where: { abs($0.hour - hour) < 1.5 || abs($0.hour + 1 - hour) < 1.5 }) { near += 1 }
        }
        #expect(Double(near) / Double(total) > 0.6, "\(near) of \(total)")
    }

    @Test("actions reflect hidden preferences: likes on matching topics, hides on disliked ones")
    func actionsFollowPreferences() {
        let world = sample.world
        var likeMatch = 0.0
        var likes = 0
        var hideMatch = 0.0
        var hides = 0
        var likedHighMatch = 0
        for action in sample.rows.actions where action.action == .like || action.action == .hide {
            let match = GroundTruth.topicMatch(world.truth(of: action.user)!.preference, world.posts.row(id: action.post)!.topics)
            if action.action == .like {
                likeMatch += match
                likes += 1
                if match > 0.3 { likedHighMatch += 1 }
            } else {
                hideMatch += match
                hides += 1
            }
        }
        // Baseline: the match of random user–post pairs.
        var random = Xoshiro256StarStar(seed: 5)
        var baseline = 0.0
        var baselineHigh = 0
        let pairs = 20_000
        for _ in 0..<pairs {
            let user = world.truths[Int(random.next() % UInt64(world.truths.count))]
            let post = world.posts.row(at: Int(random.next() % UInt64(world.posts.count)))
            let match = GroundTruth.topicMatch(user.preference, post.topics)
            baseline += match
            if match > 0.3 { baselineHigh += 1 }
        }
        let meanLike = likeMatch / Double(likes)
        let meanHide = hideMatch / Double(hides)
        let meanBaseline = baseline / Double(pairs)
        #expect(meanLike > meanBaseline + 0.25, "like \(meanLike) vs random \(meanBaseline)")
        #expect(meanHide < 0, "hide \(meanHide)")
        // Posts matching a user's topics are liked far more often than their share of pairs.
        let likedShare = Double(likedHighMatch) / Double(likes)
        let pairShare = Double(baselineHigh) / Double(pairs)
        #expect(likedShare > 3 * pairShare, "liked share \(likedShare) vs pair share \(pairShare)")
    }

    @Test("no user acts twice the same way on the same post")
    func actionsAreNotDuplicated() {
        var seen = Set<String>()
        var duplicates = 0
        for action in sample.rows.actions where !seen.insert("\(action.user)/\(action.post)/\(action.action)").inserted {
            duplicates += 1
        }
        #expect(Double(duplicates) < 0.01 * Double(sample.rows.actions.count))
    }
}

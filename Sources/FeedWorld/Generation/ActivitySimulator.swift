import Foundation

/// Simulates the history day by day: each user's sessions (``SessionPlanner``), the posts each
/// session shows (``HistoricalFeed``) and the user's reactions to them (``GroundTruth``).
///
/// Each (user, local day) pair has its own random stream, so the result does not depend on the
/// order of the work. A user never acts twice on the same post in a short span (a ring of the
/// last posts they acted on), so the action log has no duplicates from re-shown posts.
struct ActivitySimulator {
    let config: WorldConfig
    let world: World

    private static let ringSize = 16

    func run(
        into sink: inout some WorldRowSink, progress: (WorldProgress) -> Void
    ) throws -> ActivityCounts {
        let feed = HistoricalFeed(world: world)
        let planner = SessionPlanner(config: config)
        let userCount = world.users.count
        let authorQuality = world.truths.map(\.authorQuality)
        let maximumOffset = (config.timeZones.map(\.utcOffsetHours).max() ?? 0) * 3_600
        let gridStart = DailyRhythm.gridStart(config.startTime)
        let firstDay = -2
        let lastDay = config.days + 1
        let meanImpressions = config.impressionsPerSession

        var recentPosts = [Int32](repeating: -1, count: userCount * ActivitySimulator.ringSize)
        var ringCursor = [UInt8](repeating: 0, count: userCount)
        var pending = TimeOrderedRows()
        var counts = ActivityCounts()
        var sessions: [Double] = []

        for day in firstDay...lastDay {
            let localMidnight = gridStart + Double(day) * 86_400
            for user in 0..<userCount {
                var random = Xoshiro256StarStar(seed: SeedDerivation.derive(
                    config.seed, StreamTag.activityDay, UInt64(user), UInt64(bitPattern: Int64(day))))
                let truth = world.truths[user]
                planner.plan(
                    truth: truth, createdAt: world.users[user].createdAt, localMidnight: localMidnight,
                    using: &random, into: &sessions)
                for start in sessions {
                    pending.add(loginOf: user, at: start)
                    let window = feed.globalWindow(at: start)
                    let impressions = 1 + min(300, random.geometric(mean: max(0, meanImpressions * truth.sessionDepth - 1)))
                    var clock = start
                    for _ in 0..<impressions {
                        clock += random.uniform(2, 8)
                        guard clock < config.endTime else { break }
                        guard let (post, viaFollow) = feed.pick(user: user, at: start, window: window, using: &random) else { continue }
                        let author = Int(world.posts.authors[post])
                        guard author != user else { continue }
                        let ring = user * ActivitySimulator.ringSize
                        if recentPosts[ring..<(ring + ActivitySimulator.ringSize)].contains(Int32(post)) { continue }
                        let follows = viaFollow || world.follows.follows(followerIndex: user, followeeIndex: Int32(author), at: clock)
                        let exposure = ExposureContext(
                            followsAuthor: follows, authorQuality: authorQuality[author],
                            postAgeSeconds: clock - world.posts.createdAt[post])
                        let probabilities = GroundTruth.actionProbabilities(
                            match: feed.match(user: user, post: post), media: world.posts.media[post],
                            propensities: truth.propensities, mediaAffinity: truth.mediaAffinity, exposure: exposure)
                        let actions = GroundTruth.sampleActions(probabilities, using: &random)
                        guard actions.rawValue != 0 else { continue }
                        recentPosts[ring + Int(ringCursor[user])] = Int32(post)
                        ringCursor[user] = UInt8((Int(ringCursor[user]) + 1) % ActivitySimulator.ringSize)
                        for action in ActionRow.Action.allCases where actions.contains(action) {
                            let time = Rounding.milliseconds(clock + reactionDelay(action, using: &random))
                            if time < config.endTime { pending.add(action: action, user: user, post: post, at: time) }
                        }
                        if actions.contains(.click) { clock += random.uniform(10, 90) }
                    }
                }
            }
            // Rows from later local days start no earlier than this.
            let watermark = gridStart + Double(day + 1) * 86_400 - maximumOffset
            try pending.release(before: watermark, into: &sink, counts: &counts)
            progress(WorldProgress(phase: .activity, completed: day - firstDay + 1, total: lastDay - firstDay + 1))
        }
        try pending.release(before: .infinity, into: &sink, counts: &counts)
        return counts
    }

    /// Seconds between seeing a post and the action.
    private func reactionDelay(_ action: ActionRow.Action, using random: inout Xoshiro256StarStar) -> Double {
        switch action {
        case .click: random.uniform(1, 4)
        case .like: random.uniform(2, 15)
        case .comment: random.uniform(15, 120)
        case .share: random.uniform(5, 60)
        case .hide: random.uniform(1, 5)
        case .report: random.uniform(8, 40)
        }
    }
}

import FeedCore
import FeedWorld
import LearningLoop
import Testing

@Suite("Simulated time of the learning loop (pure)")
struct SimulatedTimeTests {
    @Test func slotsSplitEachRoundAndEveryUserReadsOncePerRoundInAStableSlot() {
        let schedule = LoopSchedule(start: 1_000_000, roundHours: 24, slots: 24, seed: 42)
        #expect(schedule.isSimulated)
        #expect(schedule.time(round: 0, slot: 0) == 1_000_000)
        #expect(schedule.time(round: 1, slot: 0) == 1_000_000 + 86_400)
        #expect(schedule.time(round: 2, slot: 3) == 1_000_000 + 2 * 86_400 + 3 * 3_600)
        let users = (1...24_000).map { UserID(UInt64($0)) }
        for round in 0..<3 {
            var counts = [Int](repeating: 0, count: 24)
            for user in users {
                let slot = schedule.slot(of: user, round: round)
                #expect((0..<24).contains(slot))
                #expect(slot == schedule.slot(of: user, round: round))
                counts[slot] += 1
            }
            #expect(counts.allSatisfy { (800...1_200).contains($0) }, "slots near uniform: \(counts)")
        }
        // A user's slot changes between rounds (not always the same hour).
        let moved = users.prefix(1_000).filter { schedule.slot(of: $0, round: 0) != schedule.slot(of: $0, round: 1) }.count
        #expect(moved > 900)
        // Compressed time: one slot, no time steps.
        let compressed = LoopSchedule(start: 5, roundHours: 0, slots: 24, seed: 42)
        #expect(!compressed.isSimulated && compressed.slots == 1)
        #expect(compressed.time(round: 3, slot: 0) == 5 && compressed.slot(of: UserID(7), round: 2) == 0)
    }

    @Test func releasedPostsFollowTheCreatorsRatesContinueTheIdsAndJoinTheWorld() throws {
        let config = WorldConfig(seed: 7, users: 400, posts: 4_000, days: 10, endTime: 1_767_225_600)
        let world = try WorldGenerator(config: config).makeWorld()
        let from = config.endTime
        let to = from + 2 * 86_400
        let posts = PostRelease.posts(in: world, from: from, to: to)
        // Σ postsPerDay ≈ posts / days: about 400 a day, Poisson noise only.
        let expected = world.truths.reduce(0) { $0 + $1.postsPerDay } * 2
        #expect(abs(Double(posts.count) - expected) < 5 * expected.squareRoot(), "\(posts.count) vs \(expected)")
        #expect(posts.map(\.id) == Array((Int64(world.posts.count) + 1)...(Int64(world.posts.count + posts.count))))
        #expect(posts.allSatisfy { $0.createdAt >= from && $0.createdAt < to })
        #expect(zip(posts, posts.dropFirst()).allSatisfy { $0.createdAt <= $1.createdAt })
        #expect(posts.allSatisfy { world.truth(of: $0.author)!.postsPerDay > 0 })
        #expect(posts.allSatisfy { post in
            post.topics.count == config.topicDimension
                && abs(post.topics.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3 && post.topics.allSatisfy { $0 >= 0 }
        })
        // Deterministic, and consecutive intervals differ.
        #expect(PostRelease.posts(in: world, from: from, to: to) == posts)
        let next = PostRelease.posts(in: world, from: to, to: to + 86_400)
        #expect(next.first?.createdAt ?? to >= to)

        let grown = world.appending(posts: posts)
        #expect(grown.posts.count == world.posts.count + posts.count)
        let last = try #require(posts.last)
        #expect(grown.posts.row(id: last.id) == last)
        #expect(grown.posts.posts(by: last.author).last == last.id)
        #expect(grown.posts.ids(by: last.author, from: from, through: to).contains(last.id))
        #expect(world.posts.ids(by: last.author, from: from, through: to).isEmpty)
        // The ground truth knows the new post, and a fresh post is clicked more than the same post a week later.
        let reader = Int64(1)
        let fresh = try #require(grown.actionProbabilities(user: reader, post: last.id, at: last.createdAt))
        let old = try #require(grown.actionProbabilities(user: reader, post: last.id, at: last.createdAt + 7 * 86_400))
        #expect(fresh.click > old.click)
    }
}

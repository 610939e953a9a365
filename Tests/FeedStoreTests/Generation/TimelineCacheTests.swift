import FeedCore
@testable import FeedStore
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing

/// The generator's timeline cache: reused only while the author's timeline version is unchanged,
/// so every write through the writers (new post, deletion, load) is seen by the next generation.
@Suite("Timeline cache")
struct TimelineCacheTests {
    static let day: Double = 86_400
    let model = BaselineModel.valueModel()

    func generate(_ generator: FeedGenerator, _ user: UInt64, now: Double = TestWorld.now) async throws -> GenerationBatchReport {
        let report = await generator.generateBatch(users: [UserID(user)], model: model, modelVersion: model.version, now: now)
        _ = try report.outcomes[0].get()
        return report
    }

    /// The feed's followed items (the popularity prior may add the same authors' posts as fallback).
    func items(_ report: GenerationBatchReport) throws -> Set<UInt64> {
        Set(try report.outcomes[0].get().items.filter { $0.reason == .followedNew }.map(\.post.rawValue))
    }

    @Test func aSecondReaderOfAnAuthorIsServedFromTheCacheAndAWriteIsSeenAtOnce() async throws {
        try await TestWorld.withServer { client, keys, world in
            for index in 0..<3 { try await world.post(100 + UInt64(index), author: 10, age: Double(index + 1) * 3_600) }
            for index in 0..<2 { try await world.post(200 + UInt64(index), author: 20, age: Double(index + 1) * 3_600) }
            for user: UInt64 in [1, 2, 3] {
                try await world.writer.follow(UserID(user), author: 10, at: TestWorld.now - Self.day)
                try await world.writer.follow(UserID(user), author: 20, at: TestWorld.now - Self.day)
            }
            let generator = FeedGenerator(
                client: client, keys: keys, configuration: TestWorld.generatorConfiguration(), logger: Logger(label: "test"))

            let first = try await generate(generator, 1)
            #expect(first.timelineCache.misses == 2 && first.timelineCache.hits == 0)
            #expect(try items(first) == [100, 101, 102, 200, 201])

            // Another follower of the same authors: both timelines from the cache, same candidates.
            let second = try await generate(generator, 2)
            #expect(second.timelineCache.hits == 2 && second.timelineCache.misses == 0 && second.timelineCache.stale == 0)
            #expect(try items(second) == [100, 101, 102, 200, 201])

            // A new post by author 10 (the live write path) bumps its version: refetched, in the feed.
            _ = try await world.writer.createPost(
                Post(id: PostID(103), author: 10, createdAt: TestWorld.now - 60, mediaType: .text, topics: TopicVector([0.6, 0.8])),
                now: TestWorld.now)
            let third = try await generate(generator, 3)
            #expect(third.timelineCache.stale == 1 && third.timelineCache.hits == 1)
            #expect(try items(third).contains(103))

            // A deletion is seen too.
            #expect(try await world.writer.deletePost(PostID(200), author: 20))
            let fourth = try await generate(generator, 1)
            #expect(fourth.timelineCache.stale == 1 && fourth.timelineCache.hits == 1)
            #expect(try !items(fourth).contains(200))
            #expect(try items(fourth).contains(103))

            // The version lives in the author's stats hash, which keeps a TTL.
            // Three puts and a creation for author 10; two puts and a deletion for 20.
            #expect(try await client.execute("HGET", keys.authorStats(10), "tv").int == 4)
            #expect(try await client.execute("HGET", keys.authorStats(20), "tv").int == 3)
            #expect(try await client.execute("TTL", keys.authorStats(10)).int ?? -1 > 0)
            #expect(try await client.execute("TTL", keys.authorStats(20)).int ?? -1 > 0)
        }
    }

    @Test func aCachedTimelineFollowsTheClockAndAFullReadWithFuturePostsIsReadAgainBounded() async throws {
        try await TestWorld.withServer { client, keys, world in
            var configuration = TestWorld.generatorConfiguration()
            configuration.postsPerAuthor = 3
            // Author 10: three posts dated after `now` (a simulation writing ahead) and three before.
            for index in 0..<3 { try await world.post(300 + UInt64(index), author: 10, age: -Double(index + 1) * 3_600) }
            for index in 0..<3 { try await world.post(100 + UInt64(index), author: 10, age: Double(index + 1) * 3_600) }
            try await world.writer.follow(UserID(1), author: 10, at: TestWorld.now - Self.day)
            try await world.writer.follow(UserID(2), author: 10, at: TestWorld.now - Self.day)
            let generator = FeedGenerator(client: client, keys: keys, configuration: configuration, logger: Logger(label: "test"))

            // The cacheable read (no upper bound) returns the three future posts: read again up to `now`.
            let first = try await generate(generator, 1)
            #expect(try items(first) == [100, 101, 102])
            // Four hours later the same entry answers exactly: the newest three are all in the past.
            let later = try await generate(generator, 2, now: TestWorld.now + 4 * 3_600)
            #expect(later.timelineCache.hits == 1)
            let laterItems = try items(later)
            #expect(laterItems == [300, 301, 302], "\(laterItems) \(later.timelineCache)")
        }
    }

    @Test func entriesAnswerOnlyWhatTheirReadDetermines() {
        func entry(_ times: [Double], limit: Int, oldestBound: Double) -> TimelineCache.Entry {
            TimelineCache.Entry(
                version: 1, posts: times.enumerated().map { (PostID(UInt64($0.offset)), $0.element) }, limit: limit,
                oldestBound: oldestBound, fetched: .now)
        }
        let full = entry([100, 90, 80], limit: 3, oldestBound: 0)
        #expect(full.answer(now: 100, oldest: 0, limit: 3)?.map(\.createdAt) == [100, 90, 80])
        #expect(full.answer(now: 100, oldest: 85, limit: 3)?.map(\.createdAt) == [100, 90])
        #expect(full.answer(now: 95, oldest: 0, limit: 3) == nil, "a full read with a post after now cannot answer")
        #expect(full.answer(now: 100, oldest: 0, limit: 4) == nil, "more than was read")
        let partial = entry([100, 90], limit: 3, oldestBound: 50)
        #expect(partial.answer(now: 95, oldest: 50, limit: 3)?.map(\.createdAt) == [90])
        #expect(partial.answer(now: 100, oldest: 40, limit: 3) == nil, "older than the read's bound")
    }
}

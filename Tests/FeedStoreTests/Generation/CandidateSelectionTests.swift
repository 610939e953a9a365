import FeedCore
import FeedStore
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing

@Suite("Candidate selection on a hand-built world")
struct CandidateSelectionTests {
    let model = BaselineModel.valueModel()

    /// Authors 10 and 11 are followed by user 1; 20 and 21 write popular posts.
    func buildWorld(_ world: TestWorld) async throws {
        try await world.post(100, author: 10, age: 2 * 3600)
        try await world.post(101, author: 10, age: 10 * 86_400)  // old, but within the timeline bound (14 d)
        try await world.post(110, author: 11, age: 3600, media: .image)
        try await world.post(200, author: 20, age: 3 * 3600, media: .video)
        try await world.post(201, author: 21, age: 5 * 3600)
        try await world.engage(200, author: 20, times: 6)
        try await world.engage(201, author: 21, times: 3)
        try await world.writer.follow(UserID(1), author: AuthorID(10), at: TestWorld.now - 86_400 * 30)
        try await world.writer.follow(UserID(1), author: AuthorID(11), at: TestWorld.now - 86_400 * 30)
        try await world.writer.follow(UserID(3), author: AuthorID(10), at: TestWorld.now - 86_400 * 60)
    }

    @Test func newPostsSinceLastGenerationAreIncludedAndSeenOnesExcluded() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let world = TestWorld(client: client)
        try await buildWorld(world)
        let generator = FeedGenerator(client: client, configuration: TestWorld.generatorConfiguration(), logger: Logger(label: "test"))

        let first = try #require(await generator.generate(users: [UserID(1)], model: model, modelVersion: "m1", now: TestWorld.now)[0].value)
        let firstPosts = Set(first.items.map(\.post.rawValue))
        #expect(firstPosts.isSuperset(of: [100, 101, 110, 200, 201]), "followed posts by count, not by a fixed age")
        #expect(first.candidatesBySource[.followedNew] == 3)
        #expect(first.followedSince == TestWorld.now - 10 * 86_400, "the oldest followed candidate")
        #expect(!first.isColdStart)
        #expect(first.status == .written)

        // A new post after the generation; the user has seen post 100 (in a seen set of the earlier
        // layout, a ZSET) and post 110 (only queued by a page read, not folded yet).
        try await world.post(102, author: 10, age: -60)
        try await client.execute("ZADD", generator.keys.seen(UserID(1)), TestWorld.now + 30, 100)
        try await client.execute("APPEND", generator.keys.seenQueue(UserID(1)), "110,")
        let second = try #require(await generator.generate(users: [UserID(1)], model: model, modelVersion: "m1", now: TestWorld.now + 120)[0].value)
        let secondPosts = Set(second.items.map(\.post.rawValue))
        #expect(secondPosts.contains(102))
        #expect(!secondPosts.contains(100), "seen items are excluded")
        #expect(!secondPosts.contains(110), "queued seen items are excluded")
        // The generation upgraded the set to the seen log and folded the queue into it.
        #expect(try await client.execute("GET", generator.keys.seen(UserID(1))).string == "100,110,")
        #expect(try await client.execute("EXISTS", generator.keys.seenQueue(UserID(1))).int == 0)
        #expect(second.generation > first.generation)
        #expect(second.previous == first.generation)
        let followedReason = second.items.first { $0.post == PostID(102) }?.reason
        #expect(followedReason == .followedNew || followedReason == .exploration)
    }

    @Test func coldStartAndLongAbsentUser() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let world = TestWorld(client: client)
        try await buildWorld(world)
        let generator = FeedGenerator(client: client, configuration: TestWorld.generatorConfiguration(), logger: Logger(label: "test"))

        // User 2 follows nobody: popular and trending, then the prior (posts of the followed authors
        // 10 and 11, who have followers; 20 and 21 have none).
        let cold = try #require(await generator.generate(users: [UserID(2)], model: model, modelVersion: "m1", now: TestWorld.now)[0].value)
        #expect(cold.isColdStart)
        #expect(Set(cold.items.map(\.post.rawValue)) == [200, 201, 100, 101, 110])
        #expect(cold.candidatesBySource[.followedNew] == nil)
        #expect(cold.candidatesBySource[.popular, default: 0] + cold.candidatesBySource[.trending, default: 0] == 2)
        #expect(cold.candidatesBySource[.fallback] == 3)

        // User 3 was last generated 30 days ago: everything unseen back to the timeline bound.
        let old = TestWorld.now - 30 * 86_400
        _ = await generator.generate(users: [UserID(3)], model: model, modelVersion: "m1", now: old)
        let back = try #require(await generator.generate(users: [UserID(3)], model: model, modelVersion: "m1", now: TestWorld.now)[0].value)
        #expect(back.followedSince == TestWorld.now - 10 * 86_400)
        let posts = Set(back.items.map(\.post.rawValue))
        #expect(posts.isSuperset(of: [100, 101]), "a returning user gets their unseen followed posts, by count")
        #expect(back.candidatesBySource[.followedNew] == 2)
    }

    @Test func batchOfUsersUsesAtMostFourRoundTrips() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let world = TestWorld(client: client)
        try await buildWorld(world)
        let generator = FeedGenerator(client: client, logger: Logger(label: "test"))
        // Warm the shared lists once; then a batch costs four pipelines at most.
        _ = await generator.generate(users: [UserID(2)], model: model, modelVersion: "m1", now: TestWorld.now)
        let before = client.statistics.snapshot
        let report = await generator.generateBatch(
            users: (1...50).map { UserID(UInt64($0)) }, model: model, modelVersion: "m1", now: TestWorld.now + 5)
        let used = client.statistics.snapshot.since(before).roundTrips
        #expect(report.outcomes.allSatisfy { (try? $0.get()) != nil })
        #expect(report.roundTrips <= 4)
        #expect(used <= 4)
    }
}

import FeedCore
import FeedStore
import Foundation
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing

/// Issue 21: a world whose posts are all 4–13 days old and where nobody has acted yet. A fixed
/// 3-day window gave every feed 0 items; selection by count gives each reader their unseen
/// followed posts (up to the budget) and everyone else the popularity prior.
@Suite("Selection in a world of old posts and no actions")
struct OldPostsSelectionTests {
    static let day: Double = 86_400
    static let users: [UInt64] = Array(1...30)
    static let followedBudget = 12
    let model = BaselineModel.valueModel()

    /// Whom each user follows: user 1 follows ten authors (30 posts, over the budget); users 2–20 a
    /// few of authors 1–15; users 21–30 nobody.
    static func followees(of user: UInt64) -> [UInt64] {
        if user == 1 { return Array(2...11) }
        guard user <= 20 else { return [] }
        return (1...15).filter { $0 != user && ($0 * 7 + user * 3) % 5 == 0 }
    }

    /// Every user writes three posts, 4 to 13 days old.
    static func posts(of author: UInt64) -> [(id: UInt64, age: Double)] {
        (0..<3).map { k in (author * 10 + UInt64(k), (4 + Double((author + 3 * UInt64(k)) % 10)) * day + Double(author) * 60) }
    }

    static func configuration() -> GeneratorConfiguration {
        var configuration = TestWorld.generatorConfiguration()
        configuration.maxFollowedCandidates = followedBudget
        configuration.maxCandidates = 40
        return configuration
    }

    func buildWorld(_ world: TestWorld, client: RedisClient, keys: FeedKeys) async throws {
        for user in Self.users {
            for post in Self.posts(of: user) { try await world.post(post.id, author: user, age: post.age) }
            for author in Self.followees(of: user) {
                try await world.writer.follow(UserID(user), author: AuthorID(author), at: TestWorld.now - 30 * Self.day)
            }
        }
        // User 2 has seen one followed post already.
        if let first = Self.followees(of: 2).first {
            try await client.execute("ZADD", keys.seen(UserID(2)), TestWorld.now - Self.day, Self.posts(of: first)[0].id)
        }
    }

    func unseenFollowed(_ user: UInt64, seen: Set<UInt64>) -> Int {
        Self.followees(of: user).flatMap { Self.posts(of: $0) }.filter { !seen.contains($0.id) }.count
    }

    func checkFollowedFeed(_ feed: GenerationOutcome, user: UInt64, seen: Set<UInt64>) {
        let followed = Set(Self.followees(of: user).map(AuthorID.init))
        let unseen = unseenFollowed(user, seen: seen)
        let followedItems = feed.items.filter { $0.reason == .followedNew }
        #expect(followedItems.count == min(unseen, Self.followedBudget), "user \(user): \(unseen) unseen followed posts")
        #expect(followedItems.allSatisfy { followed.contains($0.author) })
        #expect(!feed.items.contains { seen.contains($0.post.rawValue) })
        #expect(feed.items.count >= followedItems.count)
    }

    func checkPriorFeed(_ feed: GenerationOutcome, user: UInt64) {
        #expect(!feed.items.isEmpty, "user \(user) follows nobody and still gets a feed")
        #expect(feed.items.allSatisfy { $0.reason == .fallback || $0.reason == .exploration })
        #expect(feed.items.allSatisfy { $0.author != AuthorID(user) }, "never the user's own posts")
        #expect(feed.isColdStart)
    }

    @Test func everyReaderGetsUnseenFollowedPostsAndEveryoneElseThePrior() async throws {
        try await TestWorld.withServer { client, keys, world in
            try await buildWorld(world, client: client, keys: keys)
            let generator = FeedGenerator(client: client, keys: keys, configuration: Self.configuration(), logger: Logger(label: "test"))

            let report = await generator.generateBatch(
                users: Self.users.map(UserID.init), model: model, modelVersion: "m1", now: TestWorld.now)
            for (user, result) in zip(Self.users, report.outcomes) {
                let feed = try #require(result.value, "user \(user)")
                #expect(feed.status == .written)
                if Self.followees(of: user).isEmpty {
                    checkPriorFeed(feed, user: user)
                } else {
                    checkFollowedFeed(feed, user: user, seen: user == 2 ? [Self.posts(of: Self.followees(of: 2)[0])[0].id] : [])
                    #expect(feed.followedSince < TestWorld.now - 4 * Self.day, "older than the old 3-day window")
                }
            }
            #expect(report.selection.feeds == Self.users.count)
            #expect(report.selection.emptyFeeds == 0)
            #expect((report.selection.candidatesBySource[.fallback] ?? 0) > 0)
            #expect(report.selection.candidatesBySource[.popular] == nil, "nobody acted: no popular posts")
        }
    }

    @Test func aUserBackAfterFourteenDaysGetsTheirUnseenFollowedPosts() async throws {
        try await TestWorld.withServer { client, keys, world in
            try await buildWorld(world, client: client, keys: keys)
            let generator = FeedGenerator(client: client, keys: keys, configuration: Self.configuration(), logger: Logger(label: "test"))
            let returning: [UInt64] = [1, 3, 25]

            let before = await generator.generate(
                users: returning.map(UserID.init), model: model, modelVersion: "m1", now: TestWorld.now - 14 * Self.day)
            #expect(before.allSatisfy { $0.value?.status == .written })
            let back = await generator.generate(users: returning.map(UserID.init), model: model, modelVersion: "m1", now: TestWorld.now)
            for (user, result) in zip(returning, back) {
                let feed = try #require(result.value)
                #expect(feed.previous == before[returning.firstIndex(of: user)!].value?.generation)
                if Self.followees(of: user).isEmpty {
                    checkPriorFeed(feed, user: user)
                } else {
                    checkFollowedFeed(feed, user: user, seen: [])
                }
            }
        }
    }

    @Test func aLoadedWorldWithoutActionsGivesEveryoneAFeed() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("old-posts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = Int(TestWorld.now - 60 * Self.day)
        var users = "", follows = "", posts = ""
        for user in Self.users {
            users += "{\"id\":\(user),\"created_at\":\(created),\"platform\":\"ios\"}\n"
            for author in Self.followees(of: user) {
                follows += "{\"follower\":\(user),\"followee\":\(author),\"created_at\":\(created)}\n"
            }
            for post in Self.posts(of: user) {
                posts += "{\"id\":\(post.id),\"author\":\(user),\"created_at\":\(Int(TestWorld.now - post.age)),\"media\":\"text\",\"topics\":[0.6,0.8]}\n"
            }
        }
        try users.write(to: directory.appendingPathComponent("users.jsonl"), atomically: true, encoding: .utf8)
        try follows.write(to: directory.appendingPathComponent("follows.jsonl"), atomically: true, encoding: .utf8)
        try posts.write(to: directory.appendingPathComponent("posts.jsonl"), atomically: true, encoding: .utf8)
        let keys = FeedKeys()
        let summary = try await FeedLoader(client: client, keys: keys, logger: Logger(label: "test")).load(directory: directory, format: .jsonl)
        #expect(summary.rejectedRows == 0)
        // The loader wrote absolute follower counts into the index: author 2 has user 1 among its followers.
        let followersOf2 = Self.users.filter { Self.followees(of: $0).contains(2) }.count
        #expect(try await client.execute("ZSCORE", keys.followerIndexShard(of: AuthorID(2)), 2).double == Double(followersOf2))

        let generator = FeedGenerator(client: client, keys: keys, configuration: Self.configuration(), logger: Logger(label: "test"))
        let outcomes = await generator.generate(users: Self.users.map(UserID.init), model: model, modelVersion: "m1", now: TestWorld.now)
        for (user, result) in zip(Self.users, outcomes) {
            let feed = try #require(result.value)
            if Self.followees(of: user).isEmpty {
                checkPriorFeed(feed, user: user)
            } else {
                checkFollowedFeed(feed, user: user, seen: [])
            }
        }
    }

    @Test func theFallbackPrefersAuthorsTheFolloweesFollow() async throws {
        try await TestWorld.withServer { client, keys, world in
            // Authors 50–59 have ten followers each; user 1 follows author 2, who follows author 3
            // (one follower). Every post is five days old.
            for author in UInt64(50)...59 {
                for k in UInt64(0)..<3 { try await world.post(author * 10 + k, author: author, age: 5 * Self.day + Double(k)) }
                for follower in UInt64(60)...69 {
                    try await world.writer.follow(UserID(follower), author: AuthorID(author), at: TestWorld.now - 30 * Self.day)
                }
            }
            for author in UInt64(2)...3 {
                for k in UInt64(0)..<3 { try await world.post(author * 10 + k, author: author, age: 5 * Self.day + Double(k)) }
            }
            try await world.writer.follow(UserID(1), author: AuthorID(2), at: TestWorld.now - 30 * Self.day)
            try await world.writer.follow(UserID(2), author: AuthorID(3), at: TestWorld.now - 30 * Self.day)
            var configuration = Self.configuration()
            configuration.maxCandidates = 6  // 3 followed + 3 fallback
            let generator = FeedGenerator(client: client, keys: keys, configuration: configuration, logger: Logger(label: "test"))

            let feed = try #require(await generator.generate(users: [UserID(1)], model: model, modelVersion: "m1", now: TestWorld.now)[0].value)
            #expect(Set(feed.items.filter { $0.reason == .followedNew }.map(\.post.rawValue)) == [20, 21, 22])
            #expect(Set(feed.items.filter { $0.reason != .followedNew }.map(\.author)) == [AuthorID(3)],
                    "author 3 (one follower, followed by a followee) before authors with ten")
            // Without the second degree the fallback is the most-followed authors' posts.
            configuration.secondDegreeFollowees = 0
            let global = FeedGenerator(client: client, keys: keys, configuration: configuration, logger: Logger(label: "test"))
            let plain = try #require(await global.generate(users: [UserID(1)], model: model, modelVersion: "m1", now: TestWorld.now + 1)[0].value)
            #expect(plain.items.filter { $0.reason != .followedNew }.allSatisfy { (50...59).contains($0.author.rawValue) })
        }
    }

    @Test func theFollowerIndexFollowsFollowsAndUnfollows() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let keys = FeedKeys()
        let writer = SourceDataWriter(client: client, keys: keys, logger: Logger(label: "test"))
        try await writer.follow(UserID(1), author: AuthorID(7), at: TestWorld.now)
        try await writer.follow(UserID(2), author: AuthorID(7), at: TestWorld.now)
        try await writer.follow(UserID(2), author: AuthorID(7), at: TestWorld.now)  // again: no change
        try await writer.follow(UserID(2), author: AuthorID(8), at: TestWorld.now)
        try await writer.unfollow(UserID(2), author: AuthorID(8))
        let index = keys.followerIndexShard(of: AuthorID(7))
        #expect(try await client.execute("ZSCORE", index, 7).double == 2)
        #expect(try await client.execute("ZSCORE", keys.followerIndexShard(of: AuthorID(8)), 8).double == 0)
        #expect(try await client.execute("HGET", keys.authorStats(AuthorID(7)), "followers").int == 2)
    }
}

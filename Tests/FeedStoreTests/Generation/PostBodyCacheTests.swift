import FeedCore
import FeedStore
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing

/// Post bodies are immutable: once the generator holds one, an expired entry re-reads only the
/// post's engagement.
@Suite("Post body cache")
struct PostBodyCacheTests {
    func hgetallCalls(_ client: RedisClient) async throws -> Int {
        let info = try await client.execute("INFO", "commandstats").string ?? ""
        guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("cmdstat_hgetall:") }),
            let calls = line.split(separator: ",").first?.split(separator: "=").last
        else { return 0 }
        return Int(calls) ?? 0
    }

    @Test func anExpiredPostIsRefreshedByItsEngagementAlone() async throws {
        try await TestWorld.withServer { client, keys, world in
            let posts: [UInt64] = Array(100..<112)
            for (index, post) in posts.enumerated() {
                try await world.post(post, author: 10 + UInt64(index % 3), age: Double(index + 1) * 3_600)
            }
            for author: UInt64 in 10...12 { try await world.writer.follow(UserID(1), author: AuthorID(author), at: TestWorld.now - 86_400) }
            // statsRefreshSeconds = 0: every batch refreshes every post's engagement.
            let generator = FeedGenerator(
                client: client, keys: keys, configuration: TestWorld.generatorConfiguration(), logger: Logger(label: "test"))
            let model = BaselineModel.valueModel()

            let before = try await hgetallCalls(client)
            let first = await generator.generate(users: [UserID(1)], model: model, modelVersion: model.version, now: TestWorld.now)
            let afterFirst = try await hgetallCalls(client)
            let second = await generator.generate(users: [UserID(1)], model: model, modelVersion: model.version, now: TestWorld.now)
            let afterSecond = try await hgetallCalls(client)

            let firstItems = Set(try first[0].get().items.map(\.post.rawValue))
            #expect(firstItems == Set(posts))
            #expect(Set(try second[0].get().items.map(\.post.rawValue)) == firstItems)
            // The second generation does the same reads minus one body per post.
            #expect((afterFirst - before) - (afterSecond - afterFirst) == posts.count)
            #expect(afterSecond - afterFirst >= posts.count, "each post's engagement is still read")
        }
    }
}

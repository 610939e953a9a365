import FeedCore
import FeedStore
import FeedWorker
import Foundation
import PrefeedRedis
import PrefeedTestSupport
import Testing

@Suite("Impression counter: impressions streams into engagement buckets", .timeLimit(.minutes(2)))
struct ImpressionCounterTests {
    @Test func everyServedItemIsCountedOnceAndPendingEntriesOfACrashAreCounted() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let keys = FeedKeys()
        let writer = SourceDataWriter(client: client, keys: keys, logger: quietLogger)
        let now = Date().timeIntervalSince1970
        let hour = EngagementBuckets.hour(of: now)
        for index in 0..<6 {
            try await writer.putPost(
                Post(id: PostID(UInt64(100 + index)), author: AuthorID(UInt64(index % 2 + 1)), createdAt: now - 600, mediaType: .text),
                now: now)
        }
        // Page reads as the page script records them: post 100 shown 3 times, 101 twice, …
        func impression(_ user: UInt64, _ items: [UInt64]) async throws {
            try await client.execute(RedisCommand(
                "XADD", keys.impressions(for: UserID(user)), "*", "req", "1", "user", user, "gen", "7",
                "items", items.map(String.init).joined(separator: ","), "pos", "0", "t", now, "model", "m1"))
        }
        try await impression(1, [100, 101, 102])
        try await impression(2, [100, 101])
        try await impression(3, [100, 999])  // 999: unknown post (deleted), counted as unknown

        var configuration = ImpressionCounterConfiguration()
        configuration.once = true
        let counter = ImpressionCounter(client: client, keys: keys, configuration: configuration, logger: quietLogger)
        try await counter.run()
        #expect(counter.counted == .init(entries: 3, impressions: 6))

        func impressions(_ key: RedisKey) async throws -> Int64 {
            try await client.execute("HGET", key, EngagementBuckets.field(hour: hour, code: EngagementBuckets.impressionCode)).int ?? 0
        }
        #expect(try await impressions(keys.postEngagement(PostID(100))) == 3)
        #expect(try await impressions(keys.postEngagement(PostID(101))) == 2)
        #expect(try await impressions(keys.postEngagement(PostID(102))) == 1)
        #expect(try await impressions(keys.authorEngagement(AuthorID(1))) == 4)  // posts 100 and 102
        #expect(try await impressions(keys.authorEngagement(AuthorID(2))) == 2)  // post 101
        #expect(try await client.execute("TTL", keys.postEngagement(PostID(100))).int ?? -1 > 0)

        // A second run counts nothing again: every entry was acknowledged.
        let again = ImpressionCounter(client: client, keys: keys, configuration: configuration, logger: quietLogger)
        try await again.run()
        #expect(again.counted.entries == 0)
        #expect(try await impressions(keys.postEngagement(PostID(100))) == 3)

        // A counter that died after delivery, before its acknowledgement: the next one counts it.
        try await impression(4, [102])
        _ = try await client.execute(RedisCommand(
            "XREADGROUP", "GROUP", configuration.group, configuration.consumer, "COUNT", 10,
            "STREAMS", keys.impressions(for: UserID(4)), ">"))
        let restarted = ImpressionCounter(client: client, keys: keys, configuration: configuration, logger: quietLogger)
        try await restarted.run()
        #expect(restarted.counted.entries == 1)
        #expect(try await impressions(keys.postEngagement(PostID(102))) == 2)
        let pending = try await client.execute("XPENDING", keys.impressions(for: UserID(4)), configuration.group).array?.first?.int
        #expect(pending == 0)
    }
}

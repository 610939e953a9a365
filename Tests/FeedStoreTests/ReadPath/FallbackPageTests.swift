import FeedCore
import FeedStore
import PrefeedRedis
import PrefeedTestSupport
import Testing

@Suite("Fallback page")
struct FallbackPageTests {
    /// A fallback page is recorded as a page-script page is (the shared `recordPage` helper): one
    /// impression with generation 0 and the fallback model, its ids queued as seen with the seen
    /// TTL, so the next fallback shows other posts.
    @Test func aFallbackPageIsRecordedLikeAPageAndNotShownAgain() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let keys = FeedKeys()
        let world = TestWorld(client: client, keys: keys)
        for index in 0..<12 {
            let author = UInt64(10 + index % 3)
            try await world.post(UInt64(5000 + index), author: author, age: Double(index) * 900, media: .text)
            if index < 3 { try await world.writer.follow(UserID(7), author: AuthorID(author), at: 0) }
        }
        let fallback = ReadPathFallback(keys: keys)

        let first = try await fallback.page(client: client, user: UserID(7), limit: 4, request: RequestID(1), now: TestWorld.now)
        #expect(first.items.count == 4)
        #expect(first.generation == GenerationID(0))
        #expect(first.impressionID != nil)
        let entries = try await client.execute("XRANGE", keys.impressions(for: UserID(7)), "-", "+").array ?? []
        #expect(entries.count == 1)
        let fields = entries.first?.array?.last?.array?.compactMap(\.string) ?? []
        #expect(fields == [
            "req", "1", "user", "7", "gen", "0", "items", first.items.map { String($0.post.rawValue) }.joined(separator: ","),
            "pos", "0,1,2,3", "t", fields.count > 11 ? fields[11] : "", "model", ReadPathFallback.modelVersion,
        ])
        let queued = try await client.execute("GET", keys.seenQueue(UserID(7))).string
        #expect(queued == first.items.map { "\($0.post.rawValue)," }.joined())
        #expect(try await client.execute("TTL", keys.seenQueue(UserID(7))).int ?? -1 > keys.configuration.seenTTL - 60)

        let second = try await fallback.page(client: client, user: UserID(7), limit: 4, request: RequestID(2), now: TestWorld.now + 1)
        #expect(second.items.count == 4)
        #expect(Set(second.items.map(\.post)).isDisjoint(with: first.items.map(\.post)))
        // The second page's read folded the first into the seen log; its own ids are queued.
        #expect(try await client.execute("GET", keys.seen(UserID(7))).string == queued)
        #expect(try await client.execute("GET", keys.seenQueue(UserID(7))).string == second.items.map { "\($0.post.rawValue)," }.joined())
    }
}

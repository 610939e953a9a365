import FeedCore
import FeedStore
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing

/// A Redis holding the previous layout (feature log in Redis, no page records) keeps serving while
/// the new generator takes over: old generations are read until they are replaced.
@Suite("Layout migration: feature logs in Redis → page records")
struct LayoutMigrationTests {
    /// Writes a generation as the previous version did: snapshot, feature log `SET`, meta pointer.
    func writeOldGeneration(_ client: RedisClient, keys: FeedKeys, user: UserID, generation: GenerationID,
                            items: [RankedItem], now: Double) async throws {
        let columns = FeatureSchema.current.count
        let log = FeatureLogFormat.encode(
            generation: generation, items: items,
            matrix: FeatureMatrix(columnCount: columns, values: [Float](repeating: 0.5, count: columns * items.count)),
            rowOf: Array(items.indices))
        var zadd: [any RedisArgument] = [keys.snapshot(user, generation)]
        for item in items { zadd += [item.position, item.post.rawValue] }
        try await client.execute(RedisCommand("ZADD", arguments: zadd))
        try await client.execute("EXPIRE", keys.snapshot(user, generation), keys.configuration.feedTTL)
        try await client.execute("SET", keys.featureLog(user, generation), log, "EX", keys.configuration.feedTTL)
        try await client.execute(
            "HSET", keys.feedMeta(user), "cur", generation.rawValue, "prev", "", "at", now, "model", "old-model",
            "n", items.count, "schema", FeatureSchema.current.hash)
    }

    @Test func pagesReadAcrossTheSwitchFromTheOldLayoutToTheNew() async throws {
        try await TestWorld.withServer { client, keys, world in
            let user = UserID(7)
            for index in 0..<40 {
                try await world.post(UInt64(5000 + index), author: UInt64(10 + index % 8), age: Double(index) * 600)
                if index < 8 { _ = try await world.writer.follow(user, author: AuthorID(UInt64(10 + index % 8)), at: 0) }
            }
            let old = (0..<30).map { position in
                RankedItem(post: PostID(UInt64(5000 + position)), author: AuthorID(UInt64(10 + position % 8)), mediaType: .text,
                           position: position, score: 1, rawScore: Float(position) / 4,
                           reason: position % 2 == 0 ? .followedNew : .popular)
            }
            let oldGeneration = GenerationID(UInt64(TestWorld.now - 600) * 1_000_000)
            try await writeOldGeneration(client, keys: keys, user: user, generation: oldGeneration, items: old, now: TestWorld.now - 600)

            // Page 1 on the old layout: records come from its feature log, which now lives the attribution window.
            let script = FeedPageScript(keys: keys)
            let first = try await script.read(client: client, user: user, after: nil, limit: 10, request: RequestID(1), now: TestWorld.now)
            #expect(first.generation == oldGeneration && first.items.count == 10)
            for item in first.items {
                #expect(item.record?.author == old[item.position].author && item.record?.reason == old[item.position].reason)
                #expect(item.record?.score == old[item.position].rawScore, "the old 24-byte records keep the Float32 score")
            }
            let logTTL = try await client.execute("TTL", keys.featureLog(user, oldGeneration)).int ?? 0
            #expect(logTTL > keys.configuration.featureLogTTL - 60)

            // The new generator replaces it; the scroll by last-seen item finishes on the old generation.
            let generator = FeedGenerator(client: client, keys: keys, configuration: TestWorld.generatorConfiguration(), logger: Logger(label: "test"))
            let outcome = try await generator.generate(users: [user], model: BaselineModel.valueModel(), modelVersion: "new", now: TestWorld.now)[0].get()
            #expect(outcome.previous == oldGeneration && outcome.status == .written)
            let second = try await script.read(
                client: client, user: user, after: first.items.last?.post, limit: 10, request: RequestID(2), now: TestWorld.now + 1)
            #expect(second.generation == oldGeneration && !second.restarted)
            #expect(second.items.map(\.position) == Array(10..<20))
            #expect(second.items.allSatisfy { $0.record?.author == old[$0.position].author })
            // The served old log keeps its attribution TTL; the old snapshot goes to the grace period.
            #expect(try await client.execute("TTL", keys.featureLog(user, oldGeneration)).int ?? 0 > keys.configuration.featureLogTTL - 60)
            #expect(try await client.execute("TTL", keys.snapshot(user, oldGeneration)).int ?? 0 <= keys.configuration.gracePeriod)

            // Hiding an author works on both layouts: the unseen items of author 12 leave both generations.
            let served = Set((first.items + second.items).map(\.post))
            let unseenOld = old.filter { $0.author == AuthorID(12) && !served.contains($0.post) }.count
            let unseenNew = outcome.items.filter { $0.author == AuthorID(12) && !served.contains($0.post) }.count
            #expect(unseenOld > 0 && unseenNew > 0)
            let removed = try await ReadPathHideScript(keys: keys).hide(client: client, user: user, author: AuthorID(12))
            #expect(removed == unseenOld + unseenNew)

            // A new visit reads the new generation, with page records and no feature log in Redis.
            let visit = try await script.read(client: client, user: user, after: nil, limit: 10, request: RequestID(3), now: TestWorld.now + 2)
            #expect(visit.generation == outcome.generation && !visit.items.isEmpty)
            #expect(visit.items.allSatisfy { $0.record?.author == outcome.items[$0.position].author && $0.record?.author != AuthorID(12) })
            #expect(try await client.execute("EXISTS", keys.featureLog(user, outcome.generation)).int == 0)
            #expect(try await client.execute("EXISTS", keys.pageRecords(user, outcome.generation)).int == 1)
        }
    }
}

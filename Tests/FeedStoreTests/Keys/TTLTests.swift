import FeedCore
import FeedStore
import FeedWorld
import Foundation
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing

@Suite("Every key has a TTL or a trim")
struct TTLTests {
    /// Keys without a TTL by design: each is trimmed by count (docs/REDIS-KEYS.md).
    static let trimmedByDesign = ["popular:{pop:", "trending:{trend:", "followers:{fol:", "impressions:{", "models:{models}:"]

    @Test func everyKeyWrittenHasATTLOrIsTrimmedByDesign() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let logger = Logger(label: "test")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedstore-ttl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let summary = try generateWorld(config: WorldConfig(seed: 3, users: 200, posts: 2_000, days: 7), into: directory)
        _ = try await FeedLoader(client: client, logger: logger).load(directory: directory)

        let writer = SourceDataWriter(client: client, logger: logger)
        let now = summary.manifest.endTime
        try await writer.putUser(UserID(1), createdAt: now, platform: .ios, utcOffsetSeconds: 3600)
        try await writer.putPost(Post(id: 9_999_999, author: 5, createdAt: now, mediaType: .text), now: now)
        try await writer.follow(UserID(1), author: AuthorID(5), at: now)
        try await writer.recordAction(user: UserID(1), post: 9_999_999, author: 5, action: .hide, at: now)
        try await writer.hideAuthor(UserID(1), author: 6, at: now)
        try await writer.blockAuthor(UserID(1), author: 7, at: now)
        try await writer.recordLogin(UserID(1), at: now)
        try await writer.recordImpressions([(PostID(9_999_999), AuthorID(5))], at: now)
        try await ModelStore(client: client, logger: logger).publish(version: "v1", json: BaselineModel.json, at: now)

        let generator = FeedGenerator(client: client, logger: logger)
        let users = (1...200).map { UserID(UInt64($0)) }
        let model = BaselineModel.valueModel()
        for round in 0..<2 {
            let outcomes = await generator.generate(users: users, model: model, modelVersion: "v1", now: now + Double(round))
            #expect(outcomes.allSatisfy { (try? $0.get()) != nil })
        }
        let page = FeedPageScript()
        for user in users.prefix(20) {
            _ = try await page.read(client: client, user: user, after: nil, limit: 10, request: RequestID(user.rawValue), now: now)
        }

        var cursor = "0"
        var checked = 0
        var without: [String] = []
        repeat {
            let reply = try await client.execute("SCAN", cursor, "COUNT", 1000).array ?? []
            cursor = reply[0].string ?? "0"
            let names = (reply[1].array ?? []).compactMap(\.string)
            let ttls = await client.pipeline(names.map { RedisCommand("TTL", $0) })
            for (name, ttl) in zip(names, ttls) {
                checked += 1
                if try ttl.get().int == -1, !Self.trimmedByDesign.contains(where: { name.hasPrefix($0) }) {
                    without.append(name)
                }
            }
        } while cursor != "0"
        #expect(checked > 1_000)
        #expect(without.isEmpty, "keys without TTL: \(without.prefix(10))")
    }
}

import FeedCore
import FeedStore
import Foundation
import PrefeedRedis
import Testing

@Suite("Login history in Redis: the warm-up's input", .timeLimit(.minutes(2)))
struct LoginRecordingTests {
    @Test func theHistoryIsBoundedByCountAgeAndTTLAndMergesOneVisit() async throws {
        try await withQueue { (client, _) async throws in
            let keys = FeedKeys()
            let writer = SourceDataWriter(client: client, keys: keys, logger: quietLogger)
            let user = UserID(42)
            let start = 1_800_000_000.0
            for index in 0..<150 {
                #expect(try await writer.recordLogin(user, at: start + Double(index) * 3_600))
            }
            // Count: the newest 100.
            #expect(try await client.execute("ZCARD", keys.logins(user)).int == 100)
            #expect(try await writer.recentLogins(user, limit: 1) == [start + 149 * 3_600])
            #expect(try await client.execute("ZRANGE", keys.logins(user), 0, 0).array?.first?.double == start + 50 * 3_600)
            // TTL: the user-data TTL, refreshed on each write.
            let ttl = try await client.execute("TTL", keys.logins(user)).int ?? -1
            #expect(ttl > 0 && ttl <= Int64(keys.configuration.userDataTTL))

            // A second start within 10 minutes of the newest is the same visit.
            let newest = start + 149 * 3_600
            #expect(try await writer.recordLogin(user, at: newest + 300) == false)
            #expect(try await client.execute("ZCARD", keys.logins(user)).int == 100)

            // Age: a start 40 days later drops everything older than 28 days before it.
            let late = newest + 40 * 86_400
            #expect(try await writer.recordLogin(user, at: late))
            #expect(try await writer.recentLogins(user) == [late])
        }
    }
}

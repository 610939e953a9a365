import FeedCore
import FeedServer
import FeedStore
import FeedWorker
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Session starts: POST /v1/sessions and first page reads record a login and activity")
struct SessionStartTests {
    @Test func sessionsAndFirstPageReadsRecordOneLoginPerVisit() async throws {
        // No background poll of the deletions log: every round trip counted below is the page's own.
        try await Fixture.with({ $0.deletionPollInterval = nil }) { fixture in
            let keys = fixture.keys
            let activity = ActivityIndex(client: fixture.client, keys: JobKeys())
            try await fixture.seedWorld(user: 5, authors: 5, postsPerAuthor: 4)
            try await fixture.seedWorld(user: 6, authors: 5, postsPerAuthor: 4, firstAuthor: 2_000, firstPost: 200_000)
            try await fixture.generate(5)
            try await fixture.generate(6)
            let app = await fixture.app()
            try await app.test(.router) { client in
                let started = Date().timeIntervalSince1970
                #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)

                // The app opens: a login and activity.
                let opened = try await client.execute(uri: "/v1/sessions", method: .post, headers: try await fixture.auth(5))
                #expect(opened.status == .accepted)
                #expect(try await fixture.client.execute("ZCARD", keys.logins(5)).int == 1)
                #expect(try await fixture.client.execute("TTL", keys.logins(5)).int ?? -1 > 0)
                #expect(try await activity.lastActivity(of: 5).map { $0 >= started } == true)
                // Its first page read is the same visit: still one login.
                #expect(try await client.feed("", headers: try await fixture.auth(5)).status == .ok)
                #expect(try await fixture.client.execute("ZCARD", keys.logins(5)).int == 1)

                // A page read by last-seen item is not a session start …
                let later = try await client.feed("after=999999&limit=5", headers: try await fixture.auth(6))
                #expect(later.status == .ok)
                #expect(try await fixture.client.execute("ZCARD", keys.logins(6)).int == 0)
                #expect(try await activity.lastActivity(of: 6) == nil)
                // … a first page read without a session call is, in the same round trip as the page.
                let before = fixture.client.statistics.snapshot
                let first = try await client.feed("", headers: try await fixture.auth(6))
                #expect(first.status == .ok)
                #expect(try first.decode(FeedPageResponse.self).source == .cache)
                #expect(fixture.client.statistics.snapshot.since(before).roundTrips == 1)
                let logins = try await fixture.client.execute("ZRANGE", keys.logins(6), 0, -1).array ?? []
                #expect(logins.count == 1 && (logins.first?.double ?? 0) >= started)
                #expect(try await activity.lastActivity(of: 6).map { $0 >= started } == true)
            }
        }
    }
}

import FeedCore
import FeedStore
import FeedWorker
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import FeedServer

/// At most `maxInlineGenerations` inline generations run at once; misses beyond the cap serve the
/// fallback and queue a job (issue 22, item 5).
@Suite("Inline generation cap")
struct InlineGenerationCapTests {
    /// The value of the sample `name` (without labels) in a Prometheus text exposition.
    static func sample(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func theLimitHandsOutAtMostItsSlots() {
        let limit = InlineGenerationLimit(limit: 2)
        #expect(limit.tryAcquire())
        #expect(limit.tryAcquire())
        #expect(!limit.tryAcquire())
        #expect(limit.running == 2)
        limit.release()
        #expect(limit.tryAcquire())
        #expect(!limit.tryAcquire())
        #expect(limit.peak == 2)
        #expect(!InlineGenerationLimit(limit: 0).tryAcquire())
    }

    @Test func concurrentMissesOfManyUsersStartAtMostTheCap() async throws {
        let users = (11...18).map { UserID(UInt64($0)) }
        try await Fixture.with({ $0.maxInlineGenerations = 2; $0.inlineGenerationTimeout = .seconds(10) }) { fixture in
            try await fixture.seedWorld(user: users[0], authors: 6, postsPerAuthor: 10)
            for user in users.dropFirst() {
                for author in 1_000..<1_006 as Range<UInt64> {
                    try await fixture.writer.follow(user, author: AuthorID(author), at: Date().timeIntervalSince1970 - 86_400)
                }
            }
            var collected: [HTTPFields] = []
            for user in users { collected.append(try await fixture.auth(user.rawValue)) }
            let headers = collected
            let refused = try await fixture.app().test(.router) { client in
                let pages = try await withThrowingTaskGroup(of: FeedPageResponse.self) { group in
                    for header in headers {
                        group.addTask { try await client.feed("limit=5", headers: header).decode(FeedPageResponse.self) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(pages.count == users.count)
                #expect(pages.allSatisfy { !$0.items.isEmpty })
                let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                let started = Self.sample("prefeed_inline_generations_started_total", in: metrics) ?? 0
                let refused = Self.sample("prefeed_inline_generations_refused_total", in: metrics) ?? 0
                let peak = Self.sample("prefeed_inline_generations_peak", in: metrics) ?? 0
                #expect(started + refused == Double(users.count))
                #expect(started >= 1)
                #expect(peak >= 1 && peak <= 2)
                #expect(Double(pages.filter { $0.source == .fallback }.count) >= refused)
                return refused
            }
            // Every refused miss served the fallback and queued a job.
            let queue = JobQueue(client: fixture.client, logger: Logger(label: "test"))
            var queued = 0
            for user in users where try await queue.isQueued(user) { queued += 1 }
            #expect(Double(queued) >= refused)
        }
    }

    @Test func aCapOfZeroServesTheFallbackAndQueuesAJob() async throws {
        try await Fixture.with({ $0.maxInlineGenerations = 0 }) { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 4)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=5", headers: headers).decode(FeedPageResponse.self)
                #expect(page.source == .fallback)
                #expect(page.items.count == 5)
            }
            #expect(try await JobQueue(client: fixture.client, logger: Logger(label: "test")).isQueued(user))
            #expect(try await fixture.client.execute("EXISTS", fixture.keys.feedMeta(user)).int == 0)
        }
    }
}

import FeedCore
import FeedServer
import FeedStore
import FeedWorker
import Logging
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Cache misses")
struct MissTests {
    @Test func aMissGeneratesInlineOnceForConcurrentRequests() async throws {
        try await Fixture.with({ $0.inlineGenerationTimeout = .seconds(10) }) { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 5, postsPerAuthor: 8)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let pages = try await withThrowingTaskGroup(of: FeedPageResponse.self) { group in
                    for _ in 0..<4 {
                        group.addTask { try await client.feed("limit=5", headers: headers).decode(FeedPageResponse.self) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(pages.allSatisfy { !$0.items.isEmpty })
                #expect(pages.allSatisfy { $0.source == .inline || $0.source == .cache })
                #expect(Set(pages.map(\.generation)).count == 1)
                // Concurrent first pages are distinct (each shows unseen items) and each left one impression.
                #expect(try await fixture.impressions(of: user).count == 4)
            }
        }
    }

    @Test func withoutInlineGenerationAMissServesTheFallbackAndQueuesAJob() async throws {
        try await Fixture.with({ $0.inlineGeneration = false }) { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 4)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=5", headers: headers).decode(FeedPageResponse.self)
                #expect(page.source == .fallback)
                #expect(page.items.count == 5)
                #expect(page.generation == "0")
                #expect(try await fixture.impressions(of: user).count == 1)
                let next = try await client.feed("limit=5&after=\(page.next!.after)", headers: headers).decode(FeedPageResponse.self)
                #expect(Set(next.items.map(\.id)).isDisjoint(with: page.items.map(\.id)))
            }
            let queue = JobQueue(client: fixture.client, logger: Logger(label: "test"))
            #expect(try await queue.isQueued(user))
        }
    }

    @Test func aSlowInlineGenerationFallsBackWithinTheBudget() async throws {
        try await Fixture.with({ $0.inlineGenerationTimeout = .microseconds(1) }) { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 4)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=5", headers: headers).decode(FeedPageResponse.self)
                #expect(page.source == .fallback)
                #expect(page.items.count == 5)
            }
        }
    }
}

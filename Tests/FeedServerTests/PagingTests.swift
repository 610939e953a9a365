import FeedCore
import FeedServer
import FeedStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Paging by last-seen item")
struct PagingTests {
    @Test func pagingOverAWhole500ItemFeedYieldsEveryItemOnceInOrder() async throws {
        // No background poll of the deletions log: every round trip counted below is the page's own.
        try await Fixture.with({ $0.deletionPollInterval = nil }) { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 25, postsPerAuthor: 20)
            let outcome = try await fixture.generate(user)
            #expect(outcome.items.count == 500)
            let headers = try await fixture.auth(7)
            let app = await fixture.app()
            try await app.test(.router) { client in
                // Ready: the scripts are loaded, so no page pays a NOSCRIPT reload.
                #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
                var served: [FeedPageResponse.Item] = []
                var after: PostID?
                var requestIDs: [String] = []
                while true {
                    let before = fixture.client.statistics.snapshot
                    let response = try await client.feed(after.map { "after=\($0)" } ?? "", headers: headers)
                    #expect(response.status == .ok)
                    let page = try response.decode(FeedPageResponse.self)
                    // A cached page is exactly one Redis round trip.
                    #expect(fixture.client.statistics.snapshot.since(before).roundTrips == 1)
                    #expect(page.source == .cache)
                    #expect(!page.restarted)
                    #expect(response.headers[.init("X-Request-Id")!] == page.requestID)
                    guard let next = page.next else {
                        #expect(page.items.isEmpty)
                        break
                    }
                    #expect(page.items.count == 20)
                    #expect(page.generation == String(outcome.generation.rawValue))
                    #expect(page.modelVersion == "m1")
                    served += page.items
                    requestIDs.append(page.requestID)
                    after = next.after
                }
                #expect(served.map(\.id) == outcome.items.map(\.post))
                #expect(served.map(\.position) == Array(0..<500))
                #expect(served.map(\.author) == outcome.items.map(\.author))
                // Every page read left exactly one impression, with its request id and items.
                let impressions = try await fixture.impressions(of: user)
                #expect(impressions.count == 25)
                #expect(impressions.map { $0["req"] ?? "" } == requestIDs)
                let impressed: [String] = impressions.flatMap { record -> [String] in
                    (record["items"] ?? "").split(separator: ",").map(String.init)
                }
                let servedIDs: [String] = served.map { String($0.id.rawValue) }
                #expect(impressed == servedIDs)
            }
        }
    }

    @Test func regenerationBetweenPage2And3ChangesNothingForTheScroll() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 10, postsPerAuthor: 10)
            let first = try await fixture.generate(user)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page1 = try await client.feed("limit=10", headers: headers).decode(FeedPageResponse.self)
                let page2 = try await client.feed("limit=10&after=\(page1.next!.after)", headers: headers).decode(FeedPageResponse.self)
                // New posts arrive and the feed is regenerated mid-scroll.
                try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 5, firstAuthor: 5_000, firstPost: 900_000)
                let second = try await fixture.generate(user, version: "m2")
                #expect(second.generation != first.generation)
                // With `after` alone, and with the cursor.
                let byAfter = try await client.feed("limit=10&after=\(page2.next!.after)", headers: headers)
                    .decode(FeedPageResponse.self)
                #expect(byAfter.generation == String(first.generation.rawValue))
                #expect(byAfter.modelVersion == "m1")
                #expect(byAfter.items.map(\.position) == Array(20..<30))
                #expect(byAfter.items.map(\.id) == first.items[20..<30].map(\.post))
                let byCursor = try await client.feed("limit=10&cursor=\(page2.next!.cursor)", headers: headers)
                    .decode(FeedPageResponse.self)
                #expect(byCursor.items.map(\.id) == first.items[20..<30].map(\.post))
                #expect(!byCursor.restarted)
            }
        }
    }

    @Test func unknownAfterRestartsAtTheFirstUnseenItem() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 5, postsPerAuthor: 6)
            let outcome = try await fixture.generate(user)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page1 = try await client.feed("limit=5", headers: headers).decode(FeedPageResponse.self)
                #expect(!page1.restarted)
                let restarted = try await client.feed("limit=5&after=424242", headers: headers).decode(FeedPageResponse.self)
                #expect(restarted.restarted)
                #expect(restarted.items.map(\.id) == outcome.items[5..<10].map(\.post))
            }
        }
    }

    /// Property: whatever the page sizes, paging by `after` yields the whole feed once, in order.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func pagingWithRandomPageSizes(seed: UInt64) async throws {
        try await Fixture.with { fixture in
            let user = UserID(40 + seed)
            try await fixture.seedWorld(user: user, authors: 12, postsPerAuthor: 15)
            let outcome = try await fixture.generate(user)
            let headers = try await fixture.auth(user.rawValue)
            try await fixture.app().test(.router) { client in
                var random = SplitMix64(user: user, generation: GenerationID(seed))
                var served: [PostID] = []
                var after: PostID?
                var pages = 0
                while true {
                    let limit = Int(random.next() % 100) + 1
                    let query = "limit=\(limit)" + (after.map { "&after=\($0)" } ?? "")
                    let page = try await client.feed(query, headers: headers).decode(FeedPageResponse.self)
                    guard let next = page.next else { break }
                    #expect(page.items.count == min(limit, outcome.items.count - served.count))
                    served += page.items.map(\.id)
                    after = next.after
                    pages += 1
                }
                #expect(served == outcome.items.map(\.post))
                #expect(try await fixture.impressions(of: user).count == pages)
            }
        }
    }
}

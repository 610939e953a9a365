import FeedCore
import FeedServer
import FeedStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Actions")
struct ActionsTests {
    @Test func actionsAreIdempotentByClientEventID() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 4, postsPerAuthor: 5)
            try await fixture.generate(user)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=3", headers: headers).decode(FeedPageResponse.self)
                let batch = #"{"actions": ["# + [
                    actionJSON(event: "e-1", request: page.requestID, item: page.items[0].id.rawValue, action: "click"),
                    actionJSON(event: "e-2", request: page.requestID, item: page.items[1].id.rawValue, action: "like"),
                    actionJSON(event: "e-3", request: page.requestID, item: page.items[2].id.rawValue, action: "dwell", dwell: 2300),
                ].joined(separator: ",") + "]}"
                let first = try await client.actions(batch, headers: headers)
                #expect(first.status == .ok)
                #expect(first.json["accepted"] as? Int == 3)
                #expect(first.json["duplicates"] as? Int == 0)
                let again = try await client.actions(batch, headers: headers)
                #expect(again.json["accepted"] as? Int == 0)
                #expect(again.json["duplicates"] as? Int == 3)
                let stream = try await fixture.client.execute("XLEN", fixture.keys.actions(for: user)).int
                #expect(stream == 3)
            }
        }
    }

    @Test func hideTakesEffectOnTheNextPage() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 4, postsPerAuthor: 10)
            let outcome = try await fixture.generate(user)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=4", headers: headers).decode(FeedPageResponse.self)
                let hidden = page.items[0]
                let remaining = outcome.items[4...].filter { $0.author == hidden.author }.count
                #expect(remaining > 0)
                let response = try await client.actions(
                    #"{"actions": ["# + actionJSON(event: "h-1", request: page.requestID, item: hidden.id.rawValue, action: "hide") + "]}",
                    headers: headers)
                #expect(response.status == .ok)
                var rest: [FeedPageResponse.Item] = []
                var after = page.next!.after
                while true {
                    let next = try await client.feed("limit=10&after=\(after)", headers: headers).decode(FeedPageResponse.self)
                    guard let cursor = next.next else { break }
                    #expect(!next.restarted)
                    rest += next.items
                    after = cursor.after
                }
                #expect(!rest.isEmpty)
                #expect(rest.allSatisfy { $0.author != hidden.author })
                #expect(rest.count == outcome.items.count - 4 - remaining)
            }
        }
    }

    @Test func invalidBatchesAreRejected() async throws {
        try await Fixture.with { fixture in
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let unknownAction = try await client.actions(
                    #"{"actions": ["# + actionJSON(event: "x", request: "1", item: 5, action: "poke") + "]}", headers: headers)
                #expect(unknownAction.status == .unprocessableContent)
                #expect(unknownAction.headers[.contentType] == "application/problem+json")
                let empty = try await client.actions(#"{"actions": []}"#, headers: headers)
                #expect(empty.status == .unprocessableContent)
                let badEventID = try await client.actions(
                    #"{"actions": ["# + actionJSON(event: "has space", request: "1", item: 5, action: "click") + "]}", headers: headers)
                #expect(badEventID.status == .unprocessableContent)
                let malformed = try await client.actions(#"{"actions": "#, headers: headers)
                #expect(malformed.status == .badRequest)
                let huge = try await client.actions(String(repeating: " ", count: 300 * 1024) + "{}", headers: headers)
                #expect(huge.status == .contentTooLarge)
                #expect(huge.json["status"] as? Int == 413)
            }
        }
    }
}

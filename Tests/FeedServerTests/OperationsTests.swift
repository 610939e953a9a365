import FeedCore
import FeedServer
import FeedStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Operations, errors and ingest")
struct OperationsTests {
    @Test func badParametersAreProblems() async throws {
        try await Fixture.with { fixture in
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                #expect(try await client.feed("limit=0", headers: headers).status == .unprocessableContent)
                #expect(try await client.feed("limit=101", headers: headers).status == .unprocessableContent)
                #expect(try await client.feed("limit=abc", headers: headers).status == .badRequest)
                #expect(try await client.feed("after=-3", headers: headers).status == .badRequest)
                #expect(try await client.feed("cursor=forged", headers: headers).status == .badRequest)
                let missing = try await client.execute(uri: "/v1/nothing", method: .get)
                #expect(missing.status == .notFound)
                #expect(missing.headers[.contentType] == "application/problem+json")
                let wrongMethod = try await client.execute(uri: "/healthz", method: .delete)
                #expect(wrongMethod.status == .methodNotAllowed)
                #expect(wrongMethod.headers[.allow] == "GET")
            }
        }
    }

    @Test func openAPIDocumentsEveryRoute() async throws {
        try await Fixture.with { fixture in
            try await fixture.app().test(.router) { client in
                let response = try await client.execute(uri: "/openapi.json", method: .get)
                #expect(response.status == .ok)
                let document = response.json
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = Set((document["paths"] as? [String: Any] ?? [:]).keys)
                #expect(paths == [
                    "/v1/feed", "/v1/actions", "/v1/sessions", "/v1/posts", "/v1/posts/{post}",
                    "/v1/users/{user}/follows/{author}", "/healthz", "/readyz", "/metrics", "/openapi.json",
                ])
            }
        }
    }

    @Test func metricsCountPagesByRouteAndSource() async throws {
        try await Fixture.with { fixture in
            try await fixture.seedWorld(user: 7, authors: 2, postsPerAuthor: 5)
            try await fixture.generate(7)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                _ = try await client.feed("limit=3", headers: headers)
                let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                #expect(text.contains(#"prefeed_feed_pages_total{source="cache"} 1"#))
                #expect(text.contains("prefeed_impressions_written_total 1"))
                #expect(text.contains(#"prefeed_http_request_duration_seconds_count{route="/v1/feed",method="GET",status="2xx"} 1"#))
            }
        }
    }

    @Test func sessionsAreRecordedAsLogins() async throws {
        try await Fixture.with { fixture in
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let response = try await client.execute(uri: "/v1/sessions", method: .post, headers: headers)
                #expect(response.status == .accepted)
            }
            #expect(try await fixture.writer.recentLogins(7).count == 1)
        }
    }

    @Test func ingestWritesSourceDataAndDeletedPostsDisappear() async throws {
        try await Fixture.with { fixture in
            let service = try await fixture.auth(1, scope: "ingest")
            let reader = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                var json = service
                json[.contentType] = "application/json"
                let now = Date().timeIntervalSince1970
                for index in 0..<6 {
                    let body = #"{"id": \#(500 + index), "author": 42, "created_at": \#(now - Double(index) * 60), "media_type": "image"}"#
                    let created = try await client.execute(uri: "/v1/posts", method: .post, headers: json, body: ByteBuffer(string: body))
                    #expect(created.status == .created)
                }
                let badPost = #"{"id": 9, "author": 42, "created_at": \#(now), "media_type": "hologram"}"#
                #expect(try await client.execute(uri: "/v1/posts", method: .post, headers: json, body: ByteBuffer(string: badPost)).status
                    == .unprocessableContent)
                #expect(try await client.execute(uri: "/v1/users/7/follows/42", method: .put, headers: reader).status == .noContent)
                #expect(try await client.execute(uri: "/v1/users/7/follows/42", method: .put, headers: reader).status == .noContent)
                #expect(try await client.execute(uri: "/v1/users/8/follows/42", method: .put, headers: reader).status == .forbidden)
                try await fixture.generate(7)

                let first = try await client.feed("limit=2", headers: reader).decode(FeedPageResponse.self)
                #expect(first.items.count == 2)
                let deletedID = try #require((500...505).map { PostID(UInt64($0)) }.first { id in !first.items.contains { $0.id == id } })
                #expect(try await client.execute(uri: "/v1/posts/\(deletedID)", method: .delete, headers: service).status == .noContent)
                #expect(try await client.execute(uri: "/v1/posts/\(deletedID)", method: .delete, headers: service).status == .noContent)
                let rest = try await client.feed("limit=10&after=\(first.next!.after)", headers: reader).decode(FeedPageResponse.self)
                #expect(!rest.items.isEmpty)
                #expect(!rest.items.contains { $0.id == deletedID })
                #expect(try await client.execute(uri: "/v1/users/7/follows/42", method: .delete, headers: reader).status == .noContent)
            }
            #expect(try await fixture.writer.author(of: 502) == nil)
        }
    }
}

import FeedCore
import FeedServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Redis outage")
struct OutageTests {
    @Test func redisDownIs503WithRetryAfterAndTheServerRecovers() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 5)
            try await fixture.generate(user)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                #expect(try await client.feed("", headers: headers).status == .ok)
                fixture.server.stop()
                let down = try await client.feed("", headers: headers)
                #expect(down.status == .serviceUnavailable)
                #expect(down.headers[.retryAfter] == "1")
                #expect(down.headers[.contentType] == "application/problem+json")
                let body = String(buffer: down.body)
                #expect(!body.contains("redis") && !body.contains("127.0.0.1"))
                #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
                #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)

                try await fixture.server.restart()
                var recovered = false
                for _ in 0..<100 where !recovered {
                    let response = try await client.feed("", headers: headers)
                    recovered = response.status == .ok
                    if !recovered { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(recovered)
                #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            }
        }
    }
}

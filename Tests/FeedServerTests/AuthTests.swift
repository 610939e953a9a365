import FeedCore
import FeedServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Authentication")
struct AuthTests {
    @Test func missingOrInvalidTokensAre401() async throws {
        try await Fixture.with { fixture in
            try await fixture.app().test(.router) { client in
                let none = try await client.feed("", headers: [:])
                #expect(none.status == .unauthorized)
                #expect(none.headers[.contentType] == "application/problem+json")
                let problem = none.json
                #expect(problem["status"] as? Int == 401)
                #expect((problem["request_id"] as? String)?.isEmpty == false)
                #expect(problem["request_id"] as? String == none.headers[.init("X-Request-Id")!])

                let garbage = try await client.feed("", headers: [.authorization: "Bearer not.a.token"])
                #expect(garbage.status == .unauthorized)
                let basic = try await client.feed("", headers: [.authorization: "Basic dXNlcjpwYXNz"])
                #expect(basic.status == .unauthorized)

                let stranger = await TokenSigner(secret: JWTSecret(keyID: "k2", secret: Array("some-other-secret-0123456789abcd".utf8)))
                let forged = try await stranger.token(for: UserID(7), now: Date().timeIntervalSince1970)
                #expect(try await client.feed("", headers: [.authorization: "Bearer \(forged)"]).status == .unauthorized)

                let expired = try await fixture.signer.token(for: UserID(7), lifetime: 60, now: Date().timeIntervalSince1970 - 3_600)
                #expect(try await client.feed("", headers: [.authorization: "Bearer \(expired)"]).status == .unauthorized)
            }
        }
    }

    @Test func aUserReadsOnlyTheirOwnFeed() async throws {
        try await Fixture.with { fixture in
            let headers = try await fixture.auth(8)
            try await fixture.app().test(.router) { client in
                let other = try await client.feed("user=7", headers: headers)
                #expect(other.status == .forbidden)
                #expect(other.json["status"] as? Int == 403)
                let own = try await client.feed("user=8", headers: headers)
                #expect(own.status == .ok)
            }
        }
    }

    @Test func theBearerSchemeIsMatchedInAnyLetterCase() async throws {
        try await Fixture.with { fixture in
            let token = try await fixture.signer.token(for: UserID(8), now: Date().timeIntervalSince1970)
            try await fixture.app().test(.router) { client in
                for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
                    let status = try await client.feed("", headers: [.authorization: "\(scheme) \(token)"]).status
                    #expect(status == .ok, "scheme \(scheme)")
                }
                for header in ["Bearer", "Bearer ", "Bearers \(token)", "Beare \(token)", "B"] {
                    let status = try await client.feed("", headers: [.authorization: header]).status
                    #expect(status == .unauthorized, "header \(header)")
                }
            }
        }
    }

    @Test func rotatedKeysAreAcceptedByKeyID() async throws {
        try await Fixture.with { fixture in
            let old = await TokenSigner(secret: Fixture.previousSecret)
            let token = try await old.token(for: UserID(9), now: Date().timeIntervalSince1970)
            try await fixture.app().test(.router) { client in
                let status = try await client.feed("", headers: [.authorization: "Bearer \(token)"]).status
                #expect(status == .ok)
            }
        }
    }

    @Test func developmentHeaderIsOffByDefault() async throws {
        try await Fixture.with { fixture in
            try await fixture.app().test(.router) { client in
                let status = try await client.feed("", headers: [.init("X-Dev-User")!: "7"]).status
                #expect(status == .unauthorized)
            }
        }
        try await Fixture.with({ $0.developmentUserHeader = "X-Dev-User" }) { fixture in
            try await fixture.app().test(.router) { client in
                let status = try await client.feed("", headers: [.init("X-Dev-User")!: "7"]).status
                #expect(status == .ok)
            }
        }
    }
}

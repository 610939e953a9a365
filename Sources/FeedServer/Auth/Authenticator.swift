import FeedCore
import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import Logging

/// Authenticates requests: HS256 bearer tokens verified against every configured key by `kid`
/// (rotation: add the new key first, keep the old one until its tokens expire), or — only in
/// development mode — a user id header.
struct Authenticator: Sendable {
    let keys: JWTKeyCollection
    let developmentUserHeader: HTTPField.Name?
    /// Whether a development-header caller may ingest (off unless asked for).
    var developmentUserCanIngest = false
    var clock: UnixClock = .wall
    let verified = VerifiedTokenCache()

    /// Builds the key collection; logs a warning when development mode is on.
    static func make(
        secrets: [JWTSecret], developmentUserHeader: String?, developmentUserCanIngest: Bool = false,
        clock: UnixClock = .wall, logger: Logger
    ) async -> Authenticator {
        let keys = JWTKeyCollection()
        for secret in secrets {
            await keys.add(hmac: HMACKey(from: secret.secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: secret.keyID))
        }
        let header = developmentUserHeader.flatMap { HTTPField.Name($0) }
        if let header {
            logger.warning(
                "DEVELOPMENT MODE: requests without a bearer token are authenticated by the \(header.rawName) header\(developmentUserCanIngest ? ", with the ingest scope" : ""); never use in production")
        }
        return Authenticator(
            keys: keys, developmentUserHeader: header, developmentUserCanIngest: developmentUserCanIngest, clock: clock)
    }

    /// The caller of `request`, or 401.
    func principal(of request: Request) async throws(APIError) -> Principal {
        if let authorization = request.headers[.authorization] {
            let prefix = "bearer "
            // Lowercases only the scheme's seven characters, not the whole header.
            guard authorization.utf8.count > prefix.utf8.count, authorization.prefix(prefix.count).lowercased() == prefix else {
                throw .unauthorized("Use an `Authorization: Bearer <token>` header.")
            }
            let token = Self.token(in: authorization.utf8.dropFirst(prefix.utf8.count))
            let now = clock.now
            if let principal = verified.principal(for: token, now: now) { return principal }
            let claims: TokenClaims
            do {
                claims = try await keys.verify(token, as: TokenClaims.self)
            } catch {
                throw .unauthorized("The bearer token is invalid or expired.")
            }
            guard let user = UserID(claims.sub.value) else { throw .unauthorized("The token's subject is not a user id.") }
            let principal = Principal(user: user, canIngest: claims.scopes.contains("ingest"))
            verified.insert(token, principal: principal, expiresAt: claims.exp.value.timeIntervalSince1970)
            return principal
        }
        if let header = developmentUserHeader, let value = request.headers[header] {
            guard let user = UserID(value) else { throw .unauthorized("The development user header is not a user id.") }
            return Principal(user: user, canIngest: developmentUserCanIngest)
        }
        throw .unauthorized("A bearer token is required.")
    }

    /// The token after `Bearer `, without surrounding spaces.
    static func token(in bytes: Substring.UTF8View) -> String {
        var token = bytes
        while token.first == UInt8(ascii: " ") { token = token.dropFirst() }
        while token.last == UInt8(ascii: " ") { token = token.dropLast() }
        return String(Substring(token))
    }
}

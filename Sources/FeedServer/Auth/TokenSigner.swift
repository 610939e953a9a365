import Foundation
import FeedCore
import JWTKit

/// Issues HS256 tokens the server accepts (tests, the demo, the load benchmark). Production
/// tokens come from the identity service, signed with the same secret and `kid`.
public struct TokenSigner: Sendable {
    private let keys: JWTKeyCollection
    private let keyID: String

    /// A signer with `secret` (its `keyID` goes into the token header).
    public init(secret: JWTSecret) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret.secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: secret.keyID))
        self.keys = keys
        self.keyID = secret.keyID
    }

    /// A token for `user`, valid for `lifetime` seconds after `now`; `scope` `"ingest"` allows the
    /// source-data endpoints.
    public func token(for user: UserID, scope: String? = nil, lifetime: Double = 3_600, now: Double) async throws -> String {
        let claims = TokenClaims(
            sub: SubjectClaim(value: String(user.rawValue)), exp: ExpirationClaim(value: .init(timeIntervalSince1970: now + lifetime)),
            scope: scope)
        return try await keys.sign(claims, kid: JWKIdentifier(string: keyID))
    }
}

import JWTKit

/// The claims prefeed reads from a bearer token: `sub` (the user id, decimal), `exp`, and an
/// optional space-separated `scope` (`ingest` allows the source-data endpoints).
struct TokenClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var scope: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }

    var scopes: Set<Substring> { Set((scope ?? "").split(separator: " ")) }
}

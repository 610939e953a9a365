import Foundation

/// One HS256 verification key and its key id (`kid`). Several may be active during a rotation:
/// tokens name theirs in the header; a token without `kid` is checked against the first.
public struct JWTSecret: Sendable {
    /// The key id tokens carry in their `kid` header.
    public var keyID: String
    /// The shared secret.
    public var secret: [UInt8]

    public init(keyID: String, secret: [UInt8]) {
        self.keyID = keyID
        self.secret = secret
    }

    /// Parses a secrets file or environment value: one key per line, `kid:secret` or a bare
    /// secret (kid `default`); blank lines and `#` comments are skipped. The first line is the
    /// newest key.
    public static func parse(_ text: String) -> [JWTSecret] {
        text.split(whereSeparator: \.isNewline).compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            if let colon = line.firstIndex(of: ":") {
                let kid = String(line[..<colon]), secret = String(line[line.index(after: colon)...])
                guard !kid.isEmpty, !secret.isEmpty else { return nil }
                return JWTSecret(keyID: kid, secret: Array(secret.utf8))
            }
            return JWTSecret(keyID: "default", secret: Array(line.utf8))
        }
    }
}

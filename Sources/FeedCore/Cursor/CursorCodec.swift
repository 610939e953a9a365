import Crypto
import Foundation

/// Encodes `FeedCursor`s as opaque, URL-safe, HMAC-SHA256-signed tokens and checks them.
///
/// Token bytes (then base64url, no padding — 83 characters):
/// `version(1) = 1 | keyID(1) | generation(8) | lastItem(8) | position(4) | expiresAt(8) | HMAC-SHA256(32)`,
/// integers big-endian, the MAC over everything before it. The key id lets keys rotate: sign with
/// the newest key, keep the previous ones for verification until their cursors have expired.
/// Signatures are compared in constant time. A cursor may be bound to a subject (the read path
/// binds it to the user id): the subject's 8 bytes are MACed after the payload but not written
/// into the token, so the token only verifies for the same subject.
public struct CursorCodec: Sendable {
    /// A signing key and the one-byte id written into tokens signed with it.
    public struct Key: Sendable {
        public var id: UInt8
        public var key: SymmetricKey

        public init(id: UInt8, key: SymmetricKey) {
            self.id = id
            self.key = key
        }

        /// A key from secret bytes (use at least 32 random bytes).
        public init(id: UInt8, secret: some ContiguousBytes) {
            self.init(id: id, key: SymmetricKey(data: secret))
        }
    }

    static let version: UInt8 = 1
    static let payloadLength = 1 + 1 + 8 + 8 + 4 + 8
    static let macLength = SHA256.byteCount
    static let tokenLength = payloadLength + macLength

    private let signingKey: Key
    private let verificationKeys: [UInt8: SymmetricKey]
    /// HMAC state after the signing key's pads: copied per token instead of hashing the key again.
    private let signingMAC: HMAC<SHA256>

    /// Signs with `signingKey`; accepts tokens signed by it or by any of `previousKeys`.
    public init(signingKey: Key, previousKeys: [Key] = []) {
        precondition(!previousKeys.contains { $0.id == signingKey.id }, "key ids must be distinct")
        self.signingKey = signingKey
        var keys: [UInt8: SymmetricKey] = [signingKey.id: signingKey.key]
        for previous in previousKeys {
            precondition(keys[previous.id] == nil, "key ids must be distinct")
            keys[previous.id] = previous.key
        }
        self.verificationKeys = keys
        self.signingMAC = HMAC<SHA256>(key: signingKey.key)
    }

    /// The signed token of `cursor`, bound to `subject` when given.
    public func encode(_ cursor: FeedCursor, boundTo subject: UInt64? = nil) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(CursorCodec.tokenLength)
        bytes.append(CursorCodec.version)
        bytes.append(signingKey.id)
        append(cursor.generation.rawValue, to: &bytes)
        append(cursor.lastItem.rawValue, to: &bytes)
        append(cursor.position, to: &bytes)
        append(cursor.expiresAt, to: &bytes)
        var hmac = signingMAC
        hmac.update(data: bytes)
        if let subject { hmac.update(data: Self.subjectBytes(subject)) }
        bytes.append(contentsOf: hmac.finalize())
        return Base64URL.encode(bytes)
    }

    /// The cursor in `token`, if it is well-formed, signed by a known key and not expired at `now`
    /// (unix seconds), and bound to `subject` (or to none when `nil`). Any failure is a
    /// `CursorError`; a cursor of another subject fails as `invalidSignature`.
    public func decode(_ token: some StringProtocol, now: Double, boundTo subject: UInt64? = nil) throws(CursorError) -> FeedCursor {
        guard token.utf8.count <= 2 * CursorCodec.tokenLength, let bytes = Base64URL.decode(token) else {
            throw CursorError(.malformed, "cursor is not base64url")
        }
        guard bytes.count == CursorCodec.tokenLength else {
            throw CursorError(.malformed, "cursor has \(bytes.count) bytes, expected \(CursorCodec.tokenLength)")
        }
        guard bytes[0] == CursorCodec.version else {
            throw CursorError(.unsupportedVersion, "cursor version \(bytes[0]) is not \(CursorCodec.version)")
        }
        guard let key = verificationKeys[bytes[1]] else {
            throw CursorError(.unknownKey, "cursor key id \(bytes[1]) is not configured")
        }
        var payload = Array(bytes[0..<CursorCodec.payloadLength])
        if let subject { payload += Self.subjectBytes(subject) }
        let mac = bytes[CursorCodec.payloadLength...]
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key) else {
            throw CursorError(.invalidSignature, "cursor signature does not match")
        }
        let cursor = FeedCursor(
            generation: GenerationID(rawValue: readUInt64(bytes, at: 2)),
            lastItem: PostID(rawValue: readUInt64(bytes, at: 10)),
            position: UInt32(truncatingIfNeeded: readUInt64(bytes, at: 18, length: 4)),
            expiresAt: readUInt64(bytes, at: 22))
        guard now < Double(cursor.expiresAt) else {
            throw CursorError(.expired, "cursor expired at \(cursor.expiresAt)")
        }
        return cursor
    }

    /// The MACed form of a subject: 8 bytes big-endian.
    private static func subjectBytes(_ subject: UInt64) -> [UInt8] {
        withUnsafeBytes(of: subject.bigEndian) { Array($0) }
    }

    private func append(_ value: some FixedWidthInteger, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private func readUInt64(_ bytes: [UInt8], at offset: Int, length: Int = 8) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<(offset + length) { value = value << 8 | UInt64(bytes[index]) }
        return value
    }
}

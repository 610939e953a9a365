import Crypto
import Foundation
import Testing

@testable import FeedCore

@Suite struct CursorCodecTests {
    static let oldKey = CursorCodec.Key(id: 1, secret: Array(repeating: UInt8(7), count: 32))
    static let newKey = CursorCodec.Key(id: 2, secret: Array((0..<32).map { UInt8($0) }))
    static let cursor = FeedCursor(generation: 123_456_789, lastItem: 987_654_321_000, position: 40, expiresAt: 1_700_003_600)

    @Test func roundTrip() throws {
        let codec = CursorCodec(signingKey: Self.newKey)
        let token = codec.encode(Self.cursor)
        #expect(token.count == 83)
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(try codec.decode(token, now: 1_700_000_000) == Self.cursor)
    }

    @Test func expired() {
        let codec = CursorCodec(signingKey: Self.newKey)
        let token = codec.encode(Self.cursor)
        let error = #expect(throws: CursorError.self) { try codec.decode(token, now: 1_700_003_600) }
        #expect(error?.code == .expired)
    }

    @Test func everyTamperedByteIsRejected() {
        let codec = CursorCodec(signingKey: Self.newKey)
        let bytes = Base64URL.decode(codec.encode(Self.cursor))!
        for index in bytes.indices {
            var tampered = bytes
            tampered[index] ^= 0x01
            let error = #expect(throws: CursorError.self) { try codec.decode(Base64URL.encode(tampered), now: 0) }
            // Version and key-id bytes fail before the signature check; everything else is a bad signature.
            let expected: CursorError.Code = index == 0 ? .unsupportedVersion : index == 1 ? .unknownKey : .invalidSignature
            #expect(error?.code == expected, "byte \(index)")
        }
    }

    @Test func malformedTokens() {
        let codec = CursorCodec(signingKey: Self.newKey)
        let token = codec.encode(Self.cursor)
        for bad in ["", "abc", "a", token + "A", String(token.dropLast()), token.replacingOccurrences(of: "A", with: "+"),
                    token + "=", String(repeating: "A", count: 10_000)] {
            let error = #expect(throws: CursorError.self) { try codec.decode(bad, now: 0) }
            #expect(error?.code == .malformed || error?.code == .invalidSignature, "\(bad.prefix(20))")
        }
    }

    @Test func keyRotation() throws {
        let before = CursorCodec(signingKey: Self.oldKey)
        let oldToken = before.encode(Self.cursor)
        let after = CursorCodec(signingKey: Self.newKey, previousKeys: [Self.oldKey])
        #expect(try after.decode(oldToken, now: 0) == Self.cursor)
        #expect(try after.decode(after.encode(Self.cursor), now: 0) == Self.cursor)
        let retired = CursorCodec(signingKey: Self.newKey)
        let error = #expect(throws: CursorError.self) { try retired.decode(oldToken, now: 0) }
        #expect(error?.code == .unknownKey)
        // The same key id with another secret is a bad signature, not a valid cursor.
        let impostor = CursorCodec(signingKey: CursorCodec.Key(id: 1, secret: Array(repeating: UInt8(8), count: 32)))
        let forged = #expect(throws: CursorError.self) { try impostor.decode(oldToken, now: 0) }
        #expect(forged?.code == .invalidSignature)
    }

    @Test func base64URL() {
        var random = SplitMix64(seed: 5)
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(text) == bytes)
            #expect(text == Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))
        }
        #expect(Base64URL.decode("QQ") == [0x41])
        #expect(Base64URL.decode("QR") == nil)  // non-zero trailing bits
        #expect(Base64URL.decode("Q") == nil)
    }
}

/// A cursor that cannot be used. The read path answers 400 for every code.
public struct CursorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members (`.expired`, …).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case malformed, unsupportedVersion, unknownKey, invalidSignature, expired
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Not base64url, or the wrong length.
        public static let malformed = Code(.malformed)
        /// A token layout this build does not read.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// Signed with a key id that is no longer (or never was) configured.
        public static let unknownKey = Code(.unknownKey)
        /// The signature does not match: the token was altered or forged.
        public static let invalidSignature = Code(.invalidSignature)
        /// Past its expiry time.
        public static let expired = Code(.expired)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// A short explanation; never contains key material.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "CursorError(\(code)): \(message)" }
}

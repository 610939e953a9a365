/// Why a model file could not be loaded. Thrown by every model loader in FeedCore.
public struct ModelLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members (`.schemaMismatch`, …).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case malformed, unsupported, schemaMismatch, invalidParameter
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The bytes are not valid JSON of the expected shape, or the trees are inconsistent.
        public static let malformed = Code(.malformed)
        /// A valid model of a kind FeedCore does not evaluate (objective, booster, categorical splits…).
        public static let unsupported = Code(.unsupported)
        /// The model was trained on other features than the code computes.
        public static let schemaMismatch = Code(.schemaMismatch)
        /// A parameter is out of range (for example a sampling rate outside (0, 1]).
        public static let invalidParameter = Code(.invalidParameter)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String
    /// For `.schemaMismatch` from a feature-name comparison: which names differ.
    public var mismatch: SchemaMismatch?

    public init(_ code: Code, _ message: String, mismatch: SchemaMismatch? = nil) {
        self.code = code
        self.message = message
        self.mismatch = mismatch
    }

    public var description: String { "ModelLoadError(\(code)): \(message)" }
}

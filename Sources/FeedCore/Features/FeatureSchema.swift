import Crypto

/// The named, ordered list of features a model was trained on, with a version and a stable hash.
///
/// `FeatureSchema.current` is the schema `FeatureExtractor` computes. A model file names the
/// schema it was trained on and loading it fails with `ModelLoadError` if the two differ.
/// Changing a feature's meaning without renaming it requires a new `version`.
public struct FeatureSchema: Hashable, Sendable {
    /// Bumped whenever any feature's definition changes.
    public let version: Int
    /// Feature names in vector order.
    public let names: [String]
    /// Lowercase hex SHA-256 of `"prefeed.features.v<version>\n"` followed by the names joined
    /// with `"\n"`: the same on every run and platform.
    public let hash: String

    public init(version: Int, names: [String]) {
        self.version = version
        self.names = names
        self.hash = FeatureSchema.hash(version: version, names: names)
    }

    /// The number of features.
    public var count: Int { names.count }

    /// The position of a feature by name, or `nil`.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The schema hash of a version and a list of names (see `hash`).
    public static func hash(version: Int, names: [String]) -> String {
        let text = "prefeed.features.v\(version)\n" + names.joined(separator: "\n")
        return SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The schema computed by this build's `FeatureExtractor`.
    public static let current = FeatureSchema(version: 1, names: FeatureExtractor.featureNames)

    /// Describes how `found` (a model's feature names) differs from this schema, or `nil` if equal.
    public func mismatch(withModelNames found: [String]) -> SchemaMismatch? {
        guard found != names else { return nil }
        let expectedSet = Set(names)
        let foundSet = Set(found)
        let missing = names.filter { !foundSet.contains($0) }
        let extra = found.filter { !expectedSet.contains($0) }
        var reordered: [String] = []
        if missing.isEmpty, extra.isEmpty {
            reordered = zip(names, found).compactMap { $0 == $1 ? nil : $0 }
        }
        return SchemaMismatch(missing: missing, extra: extra, reordered: reordered)
    }
}

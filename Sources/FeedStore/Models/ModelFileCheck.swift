import FeedCore
import Foundation

/// Checks a model file before it is published: it must load as a logistic ``ValueModel`` with the
/// code's feature schema (names, order, hash and version), so workers never poll a model they cannot use.
public enum ModelFileCheck {
    /// A checked file ready for ``ModelStore/publish(version:json:at:makeCurrent:)``.
    public struct Checked: Sendable {
        /// The version to publish under (the file's `model_version` unless overridden).
        public var version: String
        /// The file's bytes, with `model_version` set to `version`.
        public var json: [UInt8]
        /// The heads the file has.
        public var heads: [ActionType]
    }

    /// Loads `data` as a `prefeed.logistic` file against `schema`; with `version`, rewrites the
    /// file's `model_version` so the version recorded with feeds is the registry's.
    /// - Throws: `ModelLoadError` (`.schemaMismatch` names the differing features) or
    ///   ``ModelStoreError`` for an unusable version name.
    public static func check(_ data: Data, version: String? = nil, schema: FeatureSchema = .current) throws -> Checked {
        var file = try LogisticModelFile.decode(data)
        let heads = try file.heads(checkedAgainst: schema)
        if let version { file.modelVersion = version }
        try validate(version: file.modelVersion)
        let bytes = Array(try file.encoded())
        _ = try ValueModel.logistic(json: Data(bytes), schema: schema)
        return Checked(version: file.modelVersion, json: bytes, heads: ActionType.heads.filter { heads[$0] != nil })
    }

    /// A version name must be 1–128 characters of `[A-Za-z0-9._:-]` (it becomes part of a key).
    public static func validate(version: String) throws(ModelStoreError) {
        let allowed = version.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x3A || byte == 0x2D
        }
        guard (1...128).contains(version.utf8.count), allowed else {
            throw ModelStoreError("model version \"\(version)\" must be 1–128 characters of [A-Za-z0-9._:-]")
        }
    }
}

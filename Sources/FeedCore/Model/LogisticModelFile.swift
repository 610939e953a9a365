import Foundation

/// The versioned JSON file of a logistic-regression value model: one head per action.
///
/// ```json
/// {
///   "format": "prefeed.logistic", "format_version": 1,
///   "model_version": "lr-2025-01-01-a",
///   "feature_schema": { "version": 1, "hash": "<hex sha-256>", "names": ["post_freshness", …] },
///   "negative_sampling_rate": 1.0,
///   "heads": {
///     "click": { "bias": -2.3, "weights": […], "imputation_means": […], "missing_weights": […],
///                "negative_sampling_rate": 0.1 },
///     "like": { … }, …
///   }
/// }
/// ```
/// `imputation_means`, `missing_weights` and the sampling rates are optional (0, 0 and 1).
/// docs/FEATURES.md describes the format.
public struct LogisticModelFile: Codable, Hashable, Sendable {
    public static let format = "prefeed.logistic"
    public static let formatVersion = 1

    public struct Schema: Codable, Hashable, Sendable {
        public var version: Int
        public var hash: String
        public var names: [String]

        public init(_ schema: FeatureSchema) {
            version = schema.version
            hash = schema.hash
            names = schema.names
        }
    }

    public struct Head: Codable, Hashable, Sendable {
        public var bias: Double
        public var weights: [Double]
        public var imputationMeans: [Double]?
        public var missingWeights: [Double]?
        public var negativeSamplingRate: Float?

        public init(
            bias: Double, weights: [Double], imputationMeans: [Double]? = nil, missingWeights: [Double]? = nil,
            negativeSamplingRate: Float? = nil
        ) {
            self.bias = bias
            self.weights = weights
            self.imputationMeans = imputationMeans
            self.missingWeights = missingWeights
            self.negativeSamplingRate = negativeSamplingRate
        }

        enum CodingKeys: String, CodingKey {
            case bias, weights
            case imputationMeans = "imputation_means"
            case missingWeights = "missing_weights"
            case negativeSamplingRate = "negative_sampling_rate"
        }
    }

    public var format: String
    public var formatVersion: Int
    public var modelVersion: String
    public var featureSchema: Schema
    public var negativeSamplingRate: Float?
    /// Heads by action name (`click`, `like`, `comment`, `share`, `hide`, `report`).
    public var heads: [String: Head]

    public init(
        modelVersion: String, featureSchema: FeatureSchema = .current, negativeSamplingRate: Float? = nil,
        heads: [ActionType: Head]
    ) {
        self.format = Self.format
        self.formatVersion = Self.formatVersion
        self.modelVersion = modelVersion
        self.featureSchema = Schema(featureSchema)
        self.negativeSamplingRate = negativeSamplingRate
        self.heads = Dictionary(uniqueKeysWithValues: heads.map { ($0.key.rawValue, $0.value) })
    }

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case modelVersion = "model_version"
        case featureSchema = "feature_schema"
        case negativeSamplingRate = "negative_sampling_rate"
        case heads
    }

    /// Decodes a model file from JSON bytes (no schema check yet: see `heads(checkedAgainst:)`).
    public static func decode(_ data: Data) throws(ModelLoadError) -> LogisticModelFile {
        let file: LogisticModelFile
        do {
            file = try JSONDecoder().decode(LogisticModelFile.self, from: data)
        } catch {
            throw ModelLoadError(.malformed, "logistic model JSON: \(error)")
        }
        guard file.format == format else {
            throw ModelLoadError(.unsupported, "format is \"\(file.format)\", expected \"\(format)\"")
        }
        guard file.formatVersion == formatVersion else {
            throw ModelLoadError(.unsupported, "format_version \(file.formatVersion) is not \(formatVersion)")
        }
        return file
    }

    /// The JSON bytes of this file (sorted keys, so the same model always gives the same bytes).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }

    /// The heads, after checking that the file was trained on `schema` (names, order and hash).
    public func heads(checkedAgainst schema: FeatureSchema = .current) throws(ModelLoadError) -> [ActionType: LogisticHead] {
        let declared = FeatureSchema(version: featureSchema.version, names: featureSchema.names)
        guard declared.hash == featureSchema.hash else {
            throw ModelLoadError(
                .malformed,
                "feature_schema.hash \(featureSchema.hash) does not match its own names (expected \(declared.hash))")
        }
        if let mismatch = schema.mismatch(withModelNames: featureSchema.names) {
            throw ModelLoadError(
                .schemaMismatch,
                "model \(modelVersion) was trained on feature schema v\(featureSchema.version) hash \(featureSchema.hash), "
                    + "code computes v\(schema.version) hash \(schema.hash): \(mismatch)",
                mismatch: mismatch)
        }
        guard featureSchema.version == schema.version else {
            throw ModelLoadError(
                .schemaMismatch,
                "model \(modelVersion) uses feature schema v\(featureSchema.version), code computes v\(schema.version) "
                    + "(same names, different definitions)")
        }
        guard !heads.isEmpty else { throw ModelLoadError(.malformed, "model \(modelVersion) has no heads") }
        var result: [ActionType: LogisticHead] = [:]
        for (name, head) in heads {
            guard let action = ActionType(rawValue: name), action.isHead else {
                throw ModelLoadError(.malformed, "unknown head \"\(name)\"")
            }
            let count = schema.count
            for (field, array) in [("weights", head.weights), ("imputation_means", head.imputationMeans),
                                   ("missing_weights", head.missingWeights)] {
                if let array, array.count != count {
                    throw ModelLoadError(.malformed, "head \(name): \(field) has \(array.count) values, schema has \(count)")
                }
                if let array, array.contains(where: { !$0.isFinite }) {
                    throw ModelLoadError(.malformed, "head \(name): \(field) has a non-finite value")
                }
            }
            guard head.bias.isFinite else { throw ModelLoadError(.malformed, "head \(name): bias is not finite") }
            let rate = head.negativeSamplingRate ?? negativeSamplingRate ?? 1
            guard DownsamplingCalibration.isValidRate(rate) else {
                throw ModelLoadError(.invalidParameter, "head \(name): negative_sampling_rate \(rate) is not in (0, 1]")
            }
            result[action] = LogisticHead(
                bias: head.bias, weights: head.weights, imputationMeans: head.imputationMeans,
                missingWeights: head.missingWeights, negativeSamplingRate: rate)
        }
        return result
    }
}

import FeedCore
import Foundation

/// The built-in value model used when no model is published: a hand-set logistic regression on
/// recency, popularity and follows, in the `prefeed.logistic` format of docs/FEATURES.md.
public enum BaselineModel {
    /// The version recorded with feeds ranked by the baseline.
    public static let version = "baseline-v1"

    /// The model file.
    public static var file: LogisticModelFile {
        let schema = FeatureSchema.current
        func head(bias: Double, _ weights: [String: Double]) -> LogisticModelFile.Head {
            var vector = [Double](repeating: 0, count: schema.count)
            for (name, weight) in weights {
                if let index = schema.index(of: name) { vector[index] = weight }
            }
            return LogisticModelFile.Head(bias: bias, weights: vector)
        }
        let positive: [String: Double] = [
            "post_freshness": 2.0,
            "post_log_engagements_1d": 0.35,
            "post_log_engagements_7d": 0.15,
            "author_log_followers": 0.12,
            "user_follows_author": 1.0,
            "user_author_log_affinity_positive": 0.6,
        ]
        return LogisticModelFile(
            modelVersion: version,
            heads: [
                .click: head(bias: -3.5, positive),
                .like: head(bias: -4.5, positive),
                .comment: head(bias: -6.0, positive),
                .share: head(bias: -6.5, positive),
                .hide: head(bias: -6.0, ["user_author_log_affinity_hide": 1.0, "user_follows_author": -0.8]),
            ])
    }

    /// The model file's JSON bytes.
    public static var json: [UInt8] { (try? Array(file.encoded())) ?? [] }

    /// The baseline as a ready value model.
    public static func valueModel() -> ValueModel {
        // The file is built from the current schema, so loading cannot fail.
        do {
            return try ValueModel.logistic(json: Data(json))
        } catch {
            preconditionFailure("the baseline model does not load: \(error)")
        }
    }
}

import Foundation

/// The parts of xgboost's own JSON model format (`Booster.save_model("x.json")`) that prediction needs.
/// Unknown keys are ignored, so files from xgboost 1.x to 3.x decode.
struct XGBoostJSON: Decodable {
    var learner: Learner
    var version: [Int]?

    struct Learner: Decodable {
        var featureNames: [String]?
        var attributes: [String: String]?
        var gradientBooster: GradientBooster
        var learnerModelParam: ModelParam
        var objective: Objective

        enum CodingKeys: String, CodingKey {
            case featureNames = "feature_names"
            case attributes
            case gradientBooster = "gradient_booster"
            case learnerModelParam = "learner_model_param"
            case objective
        }
    }

    struct GradientBooster: Decodable {
        var name: String
        var model: Model?
    }

    struct Model: Decodable {
        var trees: [Tree]
    }

    struct ModelParam: Decodable {
        /// "5E-1" in xgboost 1.x/2.x, "[5E-1]" in 3.x; sometimes a bare number.
        var baseScore: LooseString
        var numFeature: LooseString
        var numClass: LooseString?
        var numTarget: LooseString?

        enum CodingKeys: String, CodingKey {
            case baseScore = "base_score"
            case numFeature = "num_feature"
            case numClass = "num_class"
            case numTarget = "num_target"
        }
    }

    struct Objective: Decodable {
        var name: String
    }

    struct Tree: Decodable {
        var leftChildren: [Int]
        var rightChildren: [Int]
        var splitIndices: [Int]
        var splitConditions: [Float]
        var defaultLeft: [Bool]
        var splitType: [Int]?
        var categories: [Int]?

        enum CodingKeys: String, CodingKey {
            case leftChildren = "left_children"
            case rightChildren = "right_children"
            case splitIndices = "split_indices"
            case splitConditions = "split_conditions"
            case defaultLeft = "default_left"
            case splitType = "split_type"
            case categories
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            leftChildren = try container.decode([Int].self, forKey: .leftChildren)
            rightChildren = try container.decode([Int].self, forKey: .rightChildren)
            splitIndices = try container.decode([Int].self, forKey: .splitIndices)
            splitConditions = try container.decode([Float].self, forKey: .splitConditions)
            // 0/1 integers in current versions; booleans are accepted too.
            if let flags = try? container.decode([Int].self, forKey: .defaultLeft) {
                defaultLeft = flags.map { $0 != 0 }
            } else {
                defaultLeft = try container.decode([Bool].self, forKey: .defaultLeft)
            }
            splitType = try container.decodeIfPresent([Int].self, forKey: .splitType)
            categories = try container.decodeIfPresent([Int].self, forKey: .categories)
        }
    }

    /// A value xgboost writes as a string but that may also appear as a number.
    struct LooseString: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else if let number = try? container.decode(Double.self) {
                text = String(number)
            } else {
                text = String(try container.decode([Double].self).first ?? .nan)
            }
        }
    }
}

extension XGBoostJSON {
    /// Parses a base_score text: `"5E-1"`, `"[5E-1]"` or `"0.5"`, into a Float.
    static func parseBaseScore(_ text: String) -> Float? {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.hasPrefix("[") {
            guard body.hasSuffix("]") else { return nil }
            let parts = body.dropFirst().dropLast().split(separator: ",")
            guard parts.count == 1 else { return nil }
            body = parts[0].trimmingCharacters(in: .whitespaces)
        }
        return Float(body)
    }
}

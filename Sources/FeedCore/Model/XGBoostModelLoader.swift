import Foundation

/// Reads gradient-boosted trees from xgboost's own JSON model format (`Booster.save_model("x.json")`).
///
/// Supported: `gbtree` boosters with objective `binary:logistic` (or `reg:logistic`), numeric splits,
/// one output. `base_score` is read as xgboost 1.x/2.x (`"5E-1"`) and 3.x (`"[5E-1]"`) write it.
public enum XGBoostModelLoader {
    /// Loads a production model: its `learner.feature_names` must equal `schema.names` (same names,
    /// same order), and, when the trainer stored them as attributes, `feature_schema_hash` and
    /// `feature_schema_version` must match too. Anything else throws `.schemaMismatch`.
    public static func load(_ data: Data, schema: FeatureSchema = .current) throws(ModelLoadError) -> TreeEnsemble {
        let ensemble = try loadRaw(data)
        guard let names = ensemble.featureNames, !names.isEmpty else {
            throw ModelLoadError(
                .schemaMismatch,
                "xgboost model has no learner.feature_names; train it on a DMatrix with feature_names = FeatureSchema names")
        }
        if let mismatch = schema.mismatch(withModelNames: names) {
            throw ModelLoadError(
                .schemaMismatch,
                "xgboost model features differ from code schema v\(schema.version) hash \(schema.hash): \(mismatch)",
                mismatch: mismatch)
        }
        guard ensemble.featureCount == schema.count else {
            throw ModelLoadError(
                .schemaMismatch, "xgboost model has num_feature \(ensemble.featureCount), schema has \(schema.count)")
        }
        if let hash = ensemble.attributes["feature_schema_hash"], hash != schema.hash {
            throw ModelLoadError(
                .schemaMismatch, "xgboost model feature_schema_hash \(hash) differs from code's \(schema.hash)")
        }
        if let version = ensemble.attributes["feature_schema_version"], version != String(schema.version) {
            throw ModelLoadError(
                .schemaMismatch, "xgboost model feature_schema_version \(version) differs from code's \(schema.version)")
        }
        return ensemble
    }

    /// Loads a model whose features are tied by position only (`f0`, `f1`, …): no schema check.
    /// For parity fixtures and tools; serving uses `load(_:schema:)`.
    public static func loadRaw(_ data: Data) throws(ModelLoadError) -> TreeEnsemble {
        try loadRaw(data, completeLayout: true)
    }

    static func loadRaw(_ data: Data, completeLayout: Bool) throws(ModelLoadError) -> TreeEnsemble {
        let document: XGBoostJSON
        do {
            document = try JSONDecoder().decode(XGBoostJSON.self, from: data)
        } catch {
            throw ModelLoadError(.malformed, "not an xgboost JSON model: \(error)")
        }
        let learner = document.learner
        let objective = learner.objective.name
        guard objective == "binary:logistic" || objective == "reg:logistic" else {
            throw ModelLoadError(.unsupported, "objective \(objective) is not binary:logistic")
        }
        guard learner.gradientBooster.name == "gbtree", let model = learner.gradientBooster.model else {
            throw ModelLoadError(.unsupported, "booster \(learner.gradientBooster.name) is not gbtree")
        }
        let parameters = learner.learnerModelParam
        if let classes = parameters.numClass.flatMap({ Int($0.text) }), classes > 1 {
            throw ModelLoadError(.unsupported, "multi-class models (num_class \(classes)) are not supported")
        }
        if let targets = parameters.numTarget.flatMap({ Int($0.text) }), targets > 1 {
            throw ModelLoadError(.unsupported, "multi-target models (num_target \(targets)) are not supported")
        }
        guard let featureCount = Int(parameters.numFeature.text) else {
            throw ModelLoadError(.malformed, "num_feature \"\(parameters.numFeature.text)\" is not an integer")
        }
        guard let baseScore = XGBoostJSON.parseBaseScore(parameters.baseScore.text) else {
            throw ModelLoadError(.malformed, "base_score \"\(parameters.baseScore.text)\" is not one number")
        }
        var trees: [TreeEnsemble.RawTree] = []
        trees.reserveCapacity(model.trees.count)
        for (index, tree) in model.trees.enumerated() {
            if tree.splitType?.contains(where: { $0 != 0 }) == true || tree.categories?.isEmpty == false {
                throw ModelLoadError(.unsupported, "tree \(index) has categorical splits")
            }
            trees.append(
                TreeEnsemble.RawTree(
                    left: tree.leftChildren, right: tree.rightChildren, feature: tree.splitIndices,
                    value: tree.splitConditions, defaultLeft: tree.defaultLeft))
        }
        let names = learner.featureNames.flatMap { $0.isEmpty ? nil : $0 }
        if let names, names.count != featureCount {
            throw ModelLoadError(.malformed, "\(names.count) feature_names but num_feature \(featureCount)")
        }
        return try TreeEnsemble(
            trees: trees, baseScore: baseScore, featureCount: featureCount, featureNames: names,
            attributes: learner.attributes ?? [:], completeLayout: completeLayout)
    }
}

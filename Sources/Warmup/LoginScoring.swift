/// Scores one user's login history at one time: the probability of a session within the horizon
/// and its expected start. `prefeed warmup run` takes any scorer: a trained ``LoginModel`` (from
/// `prefeed warmup train`) or, without a model file, the untrained ``PriorLoginModel``.
public protocol LoginScoring: Sendable {
    /// The horizon H the probabilities refer to, seconds.
    var horizon: Double { get }
    /// The prediction for `history` at `time`; only starts before `time` are used.
    func predict(history: LoginHistory, at time: Double) -> LoginPrediction
}

extension LoginModel: LoginScoring {}

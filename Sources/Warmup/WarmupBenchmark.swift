/// The whole evaluation of issue 8 on one login log: a time-based split (train on everything
/// before the last `evaluationDays`, evaluate on them), the prediction schedule, the sweep of every
/// policy and knob, and the operating point. What `prefeed warmup evaluate` runs.
public struct WarmupBenchmark: Sendable {
    /// Trains the login model.
    public var trainer = LoginModelTrainer()
    /// Knob values and the cost cap.
    public var sweep = WarmupSweep()
    /// The cost model.
    public var costModel = WarmupCostModel()
    /// Seconds between two scorings of the predictive policy (default 15 min).
    public var scoringInterval: Double = 900
    /// Scores below this are not kept in the schedule (below every swept threshold).
    public var scoreFloor: Double = 0.02
    /// Length of the evaluation window at the end of the log, days.
    public var evaluationDays: Double = 7

    /// Default settings.
    public init() {}

    /// Runs the split, training, scoring and sweep on `log`, whose history ends at `end`
    /// (exclusive). With `groups` (user id → group name, e.g. the world's hidden user types) the
    /// report also breaks the operating point's fresh hits down by group. `progress` receives one
    /// line per step.
    public func run(log: LoginLog, end: Double, groups: [Int64: String] = [:], progress: (String) -> Void = { _ in }) -> WarmupReport {
        let evaluationStart = end - evaluationDays * 86_400
        progress("training on sessions before \(Int(evaluationStart)) …")
        let model = trainer.train(on: log, until: evaluationStart)
        progress("trained: \(model.training.examples) examples (\(model.training.positives) positive), "
                 + "\(model.training.fallbackExamples) fallback examples, log loss \(model.training.logLoss)")
        let evaluator = WarmupEvaluator(log: log, evaluationStart: evaluationStart, evaluationEnd: end, costModel: costModel)
        progress("scoring every \(Int(scoringInterval / 60)) min …")
        let schedule = evaluator.predictions(model: model, interval: scoringInterval,
                                             floor: min(scoreFloor, sweep.thresholds.min() ?? scoreFloor))
        progress("scored: \(schedule.ticks.count) ticks, \(schedule.entryCount) scores ≥ floor")
        var results: [PolicyResult] = []
        for policy in sweep.policies {
            let result = evaluator.evaluate(policy, predictions: schedule)
            progress("\(policy.name) \(policy.knobName)=\(policy.knob): fresh \(result.freshHitRate), gen/login \(result.generationsPerLogin)")
            results.append(result)
        }
        var report = WarmupReport(model: model, results: results, sweep: sweep, costModel: costModel,
                                  evaluationStart: evaluationStart, evaluationEnd: end)
        if !groups.isEmpty, let point = report.operatingPoint {
            let replay = evaluator.replay(.predictive(threshold: point.knob, hourlyBudget: sweep.hourlyBudget),
                                          predictions: schedule, recordGenerations: true)
            var figures: [String: GroupFigures] = [:]
            for outcome in replay.logins {
                let group = groups[log.rows[outcome.row].user] ?? "unknown"
                var entry = figures[group] ?? GroupFigures(group: group, logins: 0, freshHits: 0)
                entry.logins += 1
                if outcome.fresh { entry.freshHits += 1 }
                figures[group] = entry
            }
            report.groups = figures.values.sorted { $0.group < $1.group }
        }
        return report
    }
}

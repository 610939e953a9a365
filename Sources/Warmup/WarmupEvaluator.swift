/// Replays a login log against warm-up policies under one ``WarmupCostModel`` and reports, per
/// policy, the fresh-hit rate, generations per login and feeds held (see docs/WARMUP.md).
///
/// Logins in `[evaluationStart, evaluationEnd)` are counted, and generations made in that window.
/// Policies start acting `costModel.burnIn` earlier. Train the model on sessions before
/// `evaluationStart` (``LoginModelTrainer/train(on:until:)``) for a leak-free evaluation: the
/// prediction schedule uses the model's parameters and, at each tick, only sessions before it.
public struct WarmupEvaluator: Sendable {
    /// Users with no session for this long are not "active" for the fixed schedule (the store's
    /// login history age).
    public static let activeWindow: Double = 28 * 86_400

    /// The log replayed (sessions before the window feed histories and activity).
    public let log: LoginLog
    /// Start of the counted window.
    public let evaluationStart: Double
    /// End of the counted window (exclusive).
    public let evaluationEnd: Double
    /// The cost model.
    public let costModel: WarmupCostModel

    /// Creates an evaluator.
    public init(log: LoginLog, evaluationStart: Double, evaluationEnd: Double, costModel: WarmupCostModel = WarmupCostModel()) {
        precondition(evaluationEnd > evaluationStart, "an empty window")
        self.log = log
        self.evaluationStart = evaluationStart
        self.evaluationEnd = evaluationEnd
        self.costModel = costModel
    }

    /// When policies start acting.
    public var simulationStart: Double { evaluationStart - costModel.burnIn }

    /// Scores every user seen so far at ticks every `interval` seconds from the simulation start to
    /// the window's end, keeping users at or above `floor` probability. At each tick only sessions
    /// strictly before it are read, bounded like the store's history.
    public func predictions(model: LoginModel, interval: Double = 900, floor: Double = 0.02) -> PredictionSchedule {
        precondition(interval > 0, "a positive interval")
        let extractor = model.extractor
        var buffer: [Double] = []
        var ends = [Int](repeating: 0, count: log.userCount)
        var starts = [Int](repeating: 0, count: log.userCount)
        var gaps = [GapStatistics?](repeating: nil, count: log.userCount)
        var seen: [Int] = []
        var rowIndex = 0
        var ticks: [Double] = []
        var scores: [[ScoredUser]] = []
        var tick = (simulationStart / interval).rounded(.up) * interval
        while tick < evaluationEnd {
            while rowIndex < log.rows.count, log.rows[rowIndex].at < tick {
                let user = Int(log.rowUsers[rowIndex])
                if ends[user] == 0 { seen.append(user) }
                ends[user] += 1
                let start = model.bounds.retainedStart(of: log.timesByUser[user], end: ends[user], from: starts[user])
                starts[user] = start
                gaps[user] = nil
                rowIndex += 1
            }
            var list: [ScoredUser] = []
            for user in seen {
                let times = log.timesByUser[user][starts[user]..<ends[user]]
                let statistics: GapStatistics
                if let cached = gaps[user] {
                    statistics = cached
                } else {
                    statistics = GapStatistics(times)
                    gaps[user] = statistics
                }
                let prediction = model.predict(times: times, at: tick, gaps: statistics, extractor: extractor, buffer: &buffer)
                if prediction.probability >= floor {
                    list.append(ScoredUser(user: Int32(user), probability: prediction.probability,
                                           expectedArrival: prediction.expectedArrival))
                }
            }
            ticks.append(tick)
            scores.append(list)
            tick += interval
        }
        return PredictionSchedule(horizon: model.horizon, ticks: ticks, scores: scores)
    }

    /// The figures of `policy`; `.predictive` needs `predictions`.
    public func evaluate(_ policy: WarmupPolicy, predictions: PredictionSchedule? = nil) -> PolicyResult {
        replay(policy, predictions: predictions, recordGenerations: false).result
    }

    /// Replays `policy`, optionally recording every counted generation and login outcome.
    public func replay(_ policy: WarmupPolicy, predictions: PredictionSchedule? = nil, recordGenerations: Bool) -> WarmupReplay {
        var state = ReplayState(users: log.userCount, costModel: costModel, record: recordGenerations,
                                window: evaluationStart..<evaluationEnd)
        let start = simulationStart
        var rowIndex = 0
        while rowIndex < log.rows.count, log.rows[rowIndex].at < start {
            state.lastLogin[Int(log.rowUsers[rowIndex])] = log.rows[rowIndex].at
            rowIndex += 1
        }
        let ticks = tickTimes(for: policy, predictions: predictions)
        var budget = HourlyBudget(limit: { if case .predictive(_, let limit) = policy { limit } else { nil } }())
        var tickIndex = 0
        while true {
            let nextLogin = rowIndex < log.rows.count && log.rows[rowIndex].at < evaluationEnd ? log.rows[rowIndex].at : Double.infinity
            let nextTick = tickIndex < ticks.count ? ticks[tickIndex].time : Double.infinity
            if nextLogin == .infinity, nextTick == .infinity { break }
            if nextTick <= nextLogin {
                runTick(policy, at: nextTick, scheduleIndex: ticks[tickIndex].scheduleIndex,
                        predictions: predictions, budget: &budget, state: &state)
                tickIndex += 1
            } else {
                let user = Int(log.rowUsers[rowIndex])
                state.login(user: user, at: nextLogin, row: rowIndex,
                            oracleLead: { if case .oracle(let lead) = policy { lead } else { nil } }())
                rowIndex += 1
            }
        }
        let occupancy = state.occupancy.summary(from: evaluationStart, until: evaluationEnd)
        let result = PolicyResult(
            policy: policy.name, knobName: policy.knobName, knob: policy.knob, logins: state.logins,
            freshHits: state.hits, backgroundGenerations: state.background, onDemandGenerations: state.onDemand,
            feedsPeak: occupancy.peak, feedsMean: occupancy.mean)
        return WarmupReplay(result: result, generations: state.generations, logins: state.outcomes)
    }

    private func tickTimes(for policy: WarmupPolicy, predictions: PredictionSchedule?) -> [(time: Double, scheduleIndex: Int)] {
        let start = simulationStart
        func grid(_ period: Double) -> [(time: Double, scheduleIndex: Int)] {
            precondition(period > 0, "a positive period")
            var times: [(Double, Int)] = []
            var time = (start / period).rounded(.up) * period
            while time < evaluationEnd {
                times.append((time, -1))
                time += period
            }
            return times
        }
        switch policy {
        case .predictive:
            guard let predictions else { preconditionFailure("the predictive policy needs a prediction schedule") }
            return predictions.ticks.enumerated().compactMap { index, time in
                time >= start && time < evaluationEnd ? (time, index) : nil
            }
        case .fixedSchedule(let hours): return grid(hours * 3_600)
        case .keepRecent: return grid(costModel.maxFeedAge)
        case .onLogin, .oracle: return []
        }
    }

    private func runTick(
        _ policy: WarmupPolicy, at time: Double, scheduleIndex: Int, predictions: PredictionSchedule?,
        budget: inout HourlyBudget, state: inout ReplayState
    ) {
        switch policy {
        case .predictive(let threshold, _):
            guard let predictions else { return }
            for score in predictions.scores[scheduleIndex] where score.probability >= threshold {
                let user = Int(score.user)
                // Still fresh at the predicted arrival: this arrival is already served.
                if state.freshUntil(user) >= score.expectedArrival { continue }
                if !budget.consume(at: time) { break }
                state.generate(user: user, at: time, onDemand: false, counted: state.window.contains(time))
            }
        case .fixedSchedule:
            for user in 0..<log.userCount where state.lastLogin[user] >= time - Self.activeWindow {
                state.generate(user: user, at: time, onDemand: false, counted: state.window.contains(time))
            }
        case .keepRecent(let hours):
            for user in 0..<log.userCount where state.lastLogin[user] >= time - hours * 3_600 {
                state.generate(user: user, at: time, onDemand: false, counted: state.window.contains(time))
            }
        case .onLogin, .oracle:
            break
        }
    }
}

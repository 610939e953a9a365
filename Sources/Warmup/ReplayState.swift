/// The mutable state of one replay.
struct ReplayState {
    let costModel: WarmupCostModel
    let record: Bool
    let window: Range<Double>
    var lastGenerated: [Double]
    var lastLogin: [Double]
    var occupancy: FeedOccupancy
    var logins = 0
    var hits = 0
    var background = 0
    var onDemand = 0
    var generations: [WarmupGeneration] = []
    var outcomes: [LoginOutcome] = []

    init(users: Int, costModel: WarmupCostModel, record: Bool, window: Range<Double>) {
        self.costModel = costModel
        self.record = record
        self.window = window
        lastGenerated = [Double](repeating: -.infinity, count: users)
        lastLogin = [Double](repeating: -.infinity, count: users)
        occupancy = FeedOccupancy(users: users, ttl: costModel.feedTTL)
    }

    /// Until when the user's current feed counts as fresh.
    func freshUntil(_ user: Int) -> Double {
        lastGenerated[user] + costModel.freshFor
    }

    mutating func generate(user: Int, at time: Double, onDemand isOnDemand: Bool, counted: Bool) {
        lastGenerated[user] = max(lastGenerated[user], time)
        occupancy.generated(user: user, at: time)
        guard counted else { return }
        if isOnDemand { onDemand += 1 } else { background += 1 }
        if record { generations.append(WarmupGeneration(user: Int32(user), at: time, onDemand: isOnDemand)) }
    }

    mutating func login(user: Int, at time: Double, row: Int, oracleLead: Double?) {
        let counted = window.contains(time)
        var fresh = false
        if freshUntil(user) >= time {
            fresh = true
        } else if let oracleLead {
            generate(user: user, at: time - oracleLead, onDemand: false, counted: counted)
            fresh = oracleLead <= costModel.freshFor
        } else {
            generate(user: user, at: time, onDemand: true, counted: counted)
        }
        if counted {
            logins += 1
            if fresh { hits += 1 }
            if record { outcomes.append(LoginOutcome(row: row, fresh: fresh)) }
        }
        lastLogin[user] = max(lastLogin[user], time)
    }
}

/// A budget of generations per UTC clock hour (`nil` limit: unlimited).
struct HourlyBudget: Sendable {
    let limit: Int?
    private var hour = Int64.min
    private var used = 0

    init(limit: Int?) {
        self.limit = limit
    }

    /// Takes one generation at `time` if the hour has budget left.
    mutating func consume(at time: Double) -> Bool {
        guard let limit else { return true }
        let current = Int64((time / 3_600).rounded(.down))
        if current != hour {
            hour = current
            used = 0
        }
        guard used < limit else { return false }
        used += 1
        return true
    }
}

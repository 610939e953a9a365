/// A counter that decays exponentially: `value` as of `updatedAt` (unix seconds).
public struct DecayedValue: Hashable, Sendable, Codable {
    public var value: Double
    public var updatedAt: Double

    public init(value: Double, updatedAt: Double) {
        self.value = value
        self.updatedAt = updatedAt
    }

    /// Nothing recorded yet.
    public static let zero = DecayedValue(value: 0, updatedAt: 0)

    /// The value decayed to `now`.
    public func value(at now: Double, halfLifeSeconds: Double) -> Double {
        guard value != 0 else { return 0 }
        return value * TimeDecay.factor(elapsedSeconds: now - updatedAt, halfLifeSeconds: halfLifeSeconds)
    }

    /// The counter after adding `amount` at time `now` (decays the old value to `now` first).
    /// An event older than the last update is decayed to `updatedAt` instead, so order does not matter.
    public func adding(_ amount: Double, at now: Double, halfLifeSeconds: Double) -> DecayedValue {
        if now >= updatedAt {
            return DecayedValue(value: value(at: now, halfLifeSeconds: halfLifeSeconds) + amount, updatedAt: now)
        }
        let late = amount * TimeDecay.factor(elapsedSeconds: updatedAt - now, halfLifeSeconds: halfLifeSeconds)
        return DecayedValue(value: value + late, updatedAt: updatedAt)
    }
}

/// How much a user has interacted with one author, per action type, as decayed counters.
///
/// Pass an empty affinity (all `.zero`) when the store was read and held nothing: the user never
/// interacted with the author, which is a real 0. Pass `nil` in `FeatureInputs` only when the
/// affinity was not read at all: the features are then missing (NaN).
public struct UserAuthorAffinity: Hashable, Sendable, Codable {
    /// One decayed counter per value-model head, in `ActionType.heads` order.
    public var counters: [DecayedValue]
    /// Whether the user follows the author; `nil` when unknown.
    public var follows: Bool?

    public init(follows: Bool? = nil) {
        self.counters = Array(repeating: .zero, count: ActionType.heads.count)
        self.follows = follows
    }

    /// No interactions recorded.
    public static let empty = UserAuthorAffinity()

    /// The decayed counter of one action (`dwell` has none and reads as `.zero`).
    public subscript(action: ActionType) -> DecayedValue {
        get {
            guard let index = action.headIndex, index < counters.count else { return .zero }
            return counters[index]
        }
        set {
            guard let index = action.headIndex else { return }
            while counters.count < ActionType.heads.count { counters.append(.zero) }
            counters[index] = newValue
        }
    }
}

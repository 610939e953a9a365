/// A set of actions one user took on one shown post.
public struct ActionSet: OptionSet, Sendable, Hashable {
    /// One bit per ``ActionRow/Action/index``.
    public var rawValue: UInt8

    /// Creates a set from its bits.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The set holding only `action`.
    public init(_ action: ActionRow.Action) {
        rawValue = 1 << UInt8(action.index)
    }

    /// Whether the set holds `action`.
    public func contains(_ action: ActionRow.Action) -> Bool {
        rawValue & (1 << UInt8(action.index)) != 0
    }

    /// Adds `action`.
    public mutating func insert(_ action: ActionRow.Action) {
        rawValue |= 1 << UInt8(action.index)
    }

    /// The actions in the set, in ``ActionRow/Action`` order.
    public var actions: [ActionRow.Action] {
        ActionRow.Action.allCases.filter { contains($0) }
    }
}

import FeedCore

/// One count per value-model head (click, like, comment, share, hide, report).
public struct HeadCounts: Hashable, Sendable, Codable {
    /// Counts in `ActionType.heads` order.
    public private(set) var values: [Int]

    /// All zero.
    public init() { values = Array(repeating: 0, count: ActionType.heads.count) }

    /// The count of `action` (`dwell`: 0).
    public subscript(action: ActionType) -> Int {
        get { action.headIndex.map { values[$0] } ?? 0 }
        set { if let index = action.headIndex { values[index] = newValue } }
    }

    /// Adds one for each positive head of `labels`.
    public mutating func add(_ labels: ActionLabels) {
        for (index, action) in ActionType.heads.enumerated() where labels[action] { values[index] += 1 }
    }
}

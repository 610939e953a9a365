/// How many logins and actions a simulation produced.
struct ActivityCounts {
    var logins = 0
    /// Per ``ActionRow/Action/index``.
    var actionsByType = [Int](repeating: 0, count: ActionRow.Action.allCases.count)
}

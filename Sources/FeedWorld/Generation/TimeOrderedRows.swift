/// Logins and actions waiting to be written in time order.
///
/// The simulator produces rows one local day at a time, and a local day overlaps two or three
/// UTC days across time zones. Rows are held until no later day can produce an earlier row (the
/// watermark), then sorted and released — so the files come out sorted by time while memory
/// stays bounded to about two days of activity.
struct TimeOrderedRows {
    struct PendingAction {
        var at: Double
        var user: Int32
        var post: Int32
        var action: UInt8
    }

    struct PendingLogin {
        var at: Double
        var user: Int32
    }

    private(set) var actions: [PendingAction] = []
    private(set) var logins: [PendingLogin] = []

    mutating func add(action: ActionRow.Action, user: Int, post: Int, at time: Double) {
        actions.append(PendingAction(at: time, user: Int32(user), post: Int32(post), action: UInt8(action.index)))
    }

    mutating func add(loginOf user: Int, at time: Double) {
        logins.append(PendingLogin(at: time, user: Int32(user)))
    }

    /// Writes every held row earlier than `watermark`, in time order; returns the counts written
    /// (logins, then actions per ``ActionRow/Action/index``).
    mutating func release(
        before watermark: Double, into sink: inout some WorldRowSink, counts: inout ActivityCounts
    ) throws {
        logins.sort { ($0.at, $0.user) < ($1.at, $1.user) }
        let loginEnd = logins.firstIndex { $0.at >= watermark } ?? logins.count
        for login in logins[..<loginEnd] {
            try sink.write(LoginRow(user: Int64(login.user) + 1, at: login.at))
        }
        counts.logins += loginEnd
        logins.removeFirst(loginEnd)

        actions.sort { ($0.at, $0.user, $0.post, $0.action) < ($1.at, $1.user, $1.post, $1.action) }
        let actionEnd = actions.firstIndex { $0.at >= watermark } ?? actions.count
        for pending in actions[..<actionEnd] {
            let action = ActionRow.Action.allCases[Int(pending.action)]
            try sink.write(ActionRow(user: Int64(pending.user) + 1, post: Int64(pending.post) + 1, action: action, at: pending.at))
            counts.actionsByType[action.index] += 1
        }
        actions.removeFirst(actionEnd)
    }
}

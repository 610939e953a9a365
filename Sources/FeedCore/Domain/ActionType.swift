/// Something a user did with a post they were shown.
///
/// The first six have a head in the value model; `dwell` is recorded (time spent) but is not a head.
public enum ActionType: String, CaseIterable, Codable, Sendable {
    case click
    case like
    case comment
    case share
    case hide
    case report
    case dwell

    /// The actions that have a probability head in the value model, in head order.
    public static let heads: [ActionType] = [.click, .like, .comment, .share, .hide, .report]

    /// Whether the value model predicts this action.
    public var isHead: Bool { headIndex != nil }

    /// The position of this action in `ActionType.heads`, or `nil` for `dwell`.
    public var headIndex: Int? {
        switch self {
        case .click: 0
        case .like: 1
        case .comment: 2
        case .share: 3
        case .hide: 4
        case .report: 5
        case .dwell: nil
        }
    }

    /// Whether the action is a sign the user did not want the post.
    public var isNegative: Bool { self == .hide || self == .report }
}

import FeedCore

/// The labels of one impressed item: whether each head action happened within the attribution
/// window, and the longest dwell recorded for it.
public struct ActionLabels: Hashable, Sendable, Codable {
    /// Whether the reader clicked, liked, commented, shared, hid or reported the item.
    public var click = false
    public var like = false
    public var comment = false
    public var share = false
    public var hide = false
    public var report = false
    /// The longest `dwell` reported for the item within the window, milliseconds (0 = none).
    public var dwellMillis: Int64 = 0

    /// No action.
    public init() {}

    /// Labels with the given head actions set.
    public init(_ actions: Set<ActionType>, dwellMillis: Int64 = 0) {
        for action in actions where action.isHead { self[action] = true }
        self.dwellMillis = dwellMillis
    }

    /// Whether `action` happened (`dwell`: whether any dwell was recorded).
    public subscript(action: ActionType) -> Bool {
        get {
            switch action {
            case .click: click
            case .like: like
            case .comment: comment
            case .share: share
            case .hide: hide
            case .report: report
            case .dwell: dwellMillis > 0
            }
        }
        set {
            switch action {
            case .click: click = newValue
            case .like: like = newValue
            case .comment: comment = newValue
            case .share: share = newValue
            case .hide: hide = newValue
            case .report: report = newValue
            case .dwell: break
            }
        }
    }

    /// Whether any head action is positive (such a row is never downsampled).
    public var hasPositive: Bool { click || like || comment || share || hide || report }
}

/// The value model's weights: score = Σ weight(action) · p(action).
///
/// The defaults follow the value-model idea (seed 001): each action counts by how much it says the
/// reader valued the post. A click is the weakest positive signal (1); a like (2), a comment (4)
/// and a share (6) cost the reader more effort and spread the post, so they count more. Hiding a
/// post (−20) and reporting it (−50) are rare but mean the item spoiled the session, so a small
/// probability of either outweighs a likely click. Tune per product goal; only ratios matter for
/// ranking, but the reranker's additive author penalty is in score units.
public struct ActionWeights: Hashable, Sendable, Codable {
    public var click: Float
    public var like: Float
    public var comment: Float
    public var share: Float
    public var hide: Float
    public var report: Float

    public init(click: Float, like: Float, comment: Float, share: Float, hide: Float, report: Float) {
        self.click = click
        self.like = like
        self.comment = comment
        self.share = share
        self.hide = hide
        self.report = report
    }

    /// click 1, like 2, comment 4, share 6, hide −20, report −50.
    public static let `default` = ActionWeights(click: 1, like: 2, comment: 4, share: 6, hide: -20, report: -50)

    /// The weight of one action (`dwell` has none: 0).
    public subscript(action: ActionType) -> Float {
        get {
            switch action {
            case .click: click
            case .like: like
            case .comment: comment
            case .share: share
            case .hide: hide
            case .report: report
            case .dwell: 0
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
}

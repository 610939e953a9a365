/// The probability of each action for one impression, as ``GroundTruth`` computes it.
///
/// Each value is a marginal probability per impression. The actions are not independent: a user
/// who hides a post does nothing else with it (and reports it with probability `report / hide`);
/// a user who does not hide it clicks, likes, comments and shares independently, with
/// probabilities `click / (1 - hide)` and so on. ``GroundTruth/sampleActions(_:using:)`` follows
/// exactly this process.
public struct ActionProbabilities: Sendable, Hashable, Codable {
    /// Probability of `click` per impression.
    public var click: Double
    /// Probability of `like` per impression.
    public var like: Double
    /// Probability of `comment` per impression.
    public var comment: Double
    /// Probability of `share` per impression.
    public var share: Double
    /// Probability of `hide` per impression.
    public var hide: Double
    /// Probability of `report` per impression.
    public var report: Double

    /// Creates probabilities (each in `[0, 1]`, `report ≤ hide`).
    public init(click: Double, like: Double, comment: Double, share: Double, hide: Double, report: Double) {
        self.click = click
        self.like = like
        self.comment = comment
        self.share = share
        self.hide = hide
        self.report = report
    }

    /// The probability of `action`.
    public subscript(action: ActionRow.Action) -> Double {
        switch action {
        case .click: click
        case .like: like
        case .comment: comment
        case .share: share
        case .hide: hide
        case .report: report
        }
    }
}

/// A user's personal tendency for each action: an offset added to the action's logit in
/// ``GroundTruth`` (0 is the population average; +1 is roughly 2.7 × the odds).
public struct ActionPropensities: Codable, Sendable, Hashable {
    /// Logit offset for `click`.
    public var click: Double
    /// Logit offset for `like`.
    public var like: Double
    /// Logit offset for `comment`.
    public var comment: Double
    /// Logit offset for `share`.
    public var share: Double
    /// Logit offset for `hide`.
    public var hide: Double
    /// Logit offset for `report`.
    public var report: Double

    /// Creates propensities; all zero by default (an average user).
    public init(click: Double = 0, like: Double = 0, comment: Double = 0, share: Double = 0, hide: Double = 0, report: Double = 0) {
        self.click = click
        self.like = like
        self.comment = comment
        self.share = share
        self.hide = hide
        self.report = report
    }
}

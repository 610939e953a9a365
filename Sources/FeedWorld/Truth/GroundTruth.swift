import Foundation

/// The hidden response model of the simulated users: how likely a user is to click, like,
/// comment, share, hide or report a post they are shown. Pure and deterministic.
///
/// With `m` the topic match (the dot product of the user's normalized preference and the post's
/// normalized topics, in `[-1, 1]`), `f` 1 when the user follows the author, `q` the author's
/// quality, `r = 2^(-age/12 h)` the freshness, `a` the user's media affinity for the post's media
/// and `p` the user's propensities, with `σ` the logistic function:
///
/// | action | probability |
/// | --- | --- |
/// | hide | `h = σ(-5.0 + p.hide − 5.0 m − 0.8 f − 0.3 q)` |
/// | report | `h · σ(-2.0 + p.report − 2.0 m)` |
/// | click | `(1−h) · σ(-4.0 + p.click + 3.5 m + 0.8 f + 0.5 q + 0.6 r + a + M_click)` |
/// | like | `(1−h) · σ(-5.0 + p.like + 4.0 m + 1.2 f + 0.6 q + 0.4 r + 0.5 a + M_like)` |
/// | comment | `(1−h) · σ(-6.8 + p.comment + 3.0 m + 1.5 f + 0.4 q + 0.3 r + M_comment)` |
/// | share | `(1−h) · σ(-7.3 + p.share + 3.5 m + 0.4 f + 0.9 q + 0.3 r + M_share)` |
///
/// `M_…` are per-media offsets (video is clicked and shared more, links less liked, text
/// commented more; see ``mediaOffsets``). So users engage far more with posts on their topics,
/// and hide or report posts on topics they dislike (negative `m`).
public enum GroundTruth {
    /// Per-media logit offsets `[text, image, video, link]` for click, like, comment, share.
    public static let mediaOffsets: [ActionRow.Action: [Double]] = [
        .click: [0.0, 0.2, 0.35, -0.1],
        .like: [0.0, 0.3, 0.2, -0.3],
        .comment: [0.3, 0.0, 0.0, -0.1],
        .share: [-0.2, 0.1, 0.5, 0.4],
    ]

    private static let clickMedia: [Double] = mediaOffsets[.click]!
    private static let likeMedia: [Double] = mediaOffsets[.like]!
    private static let commentMedia: [Double] = mediaOffsets[.comment]!
    private static let shareMedia: [Double] = mediaOffsets[.share]!

    /// The topic match of a preference and a topic vector: their dot product, which is the
    /// cosine when both are L2-normalized; 0 when the dimensions differ.
    public static func topicMatch(_ preference: [Float], _ topics: [Float]) -> Double {
        guard preference.count == topics.count else { return 0 }
        var sum: Float = 0
        for index in preference.indices { sum += preference[index] * topics[index] }
        return Double(sum)
    }

    /// The probabilities of each action when `user` is shown `post` in `exposure`.
    public static func actionProbabilities(user: UserTruth, post: PostRow, exposure: ExposureContext) -> ActionProbabilities {
        actionProbabilities(
            match: topicMatch(user.preference, post.topics), media: post.media,
            propensities: user.propensities, mediaAffinity: user.mediaAffinity, exposure: exposure)
    }

    /// The probabilities of each action from the topic match `match` and the other inputs.
    public static func actionProbabilities(
        match: Double, media: PostRow.Media, propensities: ActionPropensities,
        mediaAffinity: MediaAffinity, exposure: ExposureContext
    ) -> ActionProbabilities {
        let follows: Double = exposure.followsAuthor ? 1 : 0
        let quality = exposure.authorQuality
        let freshness = exp2(-max(0, exposure.postAgeSeconds) / 43_200)
        let affinity = mediaAffinity[media]
        let mediaIndex = media.index

        let hide = sigmoid(-5.0 + propensities.hide - 5.0 * match - 0.8 * follows - 0.3 * quality)
        let reportGivenHide = sigmoid(-2.0 + propensities.report - 2.0 * match)
        let shown = 1 - hide
        let click = sigmoid(-4.0 + propensities.click + 3.5 * match + 0.8 * follows + 0.5 * quality
            + 0.6 * freshness + affinity + clickMedia[mediaIndex])
        let like = sigmoid(-5.0 + propensities.like + 4.0 * match + 1.2 * follows + 0.6 * quality
            + 0.4 * freshness + 0.5 * affinity + likeMedia[mediaIndex])
        let comment = sigmoid(-6.8 + propensities.comment + 3.0 * match + 1.5 * follows + 0.4 * quality
            + 0.3 * freshness + commentMedia[mediaIndex])
        let share = sigmoid(-7.3 + propensities.share + 3.5 * match + 0.4 * follows + 0.9 * quality
            + 0.3 * freshness + shareMedia[mediaIndex])
        return ActionProbabilities(
            click: shown * click, like: shown * like, comment: shown * comment, share: shown * share,
            hide: hide, report: hide * reportGivenHide)
    }

    /// Draws the actions one impression leads to, following the process described in
    /// ``ActionProbabilities``.
    public static func sampleActions(
        _ probabilities: ActionProbabilities, using random: inout some RandomNumberGenerator
    ) -> ActionSet {
        var actions = ActionSet()
        let hide = probabilities.hide
        if random.unitDouble() < hide {
            actions.insert(.hide)
            if random.unitDouble() * hide < probabilities.report { actions.insert(.report) }
            return actions
        }
        let shown = 1 - hide
        guard shown > 0 else { return actions }
        if random.unitDouble() * shown < probabilities.click { actions.insert(.click) }
        if random.unitDouble() * shown < probabilities.like { actions.insert(.like) }
        if random.unitDouble() * shown < probabilities.comment { actions.insert(.comment) }
        if random.unitDouble() * shown < probabilities.share { actions.insert(.share) }
        return actions
    }

    @inline(__always)
    static func sigmoid(_ logit: Double) -> Double {
        1 / (1 + exp(-logit))
    }
}

import FeedCore
import FeedWorld

/// How a simulated user reacts to one served item: the world's hidden ground truth gives the
/// action probabilities, a seeded generator draws the actions. Pure.
public enum SimulatedReaction {
    /// The probabilities and the drawn head actions for `user` shown `post` at `time`, or `nil`
    /// when the world does not know the user or the post.
    public static func react(
        world: World, user: UserID, post: PostID, at time: Double, random: inout some RandomNumberGenerator
    ) -> (probabilities: ActionProbabilities, actions: [ActionType])? {
        guard let probabilities = world.actionProbabilities(user: Int64(user.rawValue), post: Int64(post.rawValue), at: time)
        else { return nil }
        let drawn = GroundTruth.sampleActions(probabilities, using: &random)
        return (probabilities, drawn.actions.compactMap { ActionType(rawValue: $0.rawValue) })
    }

    /// The generator for one user's reactions in one round: independent of scheduling order.
    public static func generator(seed: UInt64, round: Int, user: UserID) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: seed, stream: UInt64(round), user.rawValue)
    }

    /// Σ weight(a) · p(a) over the six heads: the value the model would like to maximize.
    public static func expectedValue(_ p: ActionProbabilities, weights: ActionWeights) -> Double {
        Double(weights.click) * p.click + Double(weights.like) * p.like + Double(weights.comment) * p.comment
            + Double(weights.share) * p.share + Double(weights.hide) * p.hide + Double(weights.report) * p.report
    }
}

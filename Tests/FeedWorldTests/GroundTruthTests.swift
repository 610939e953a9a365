import FeedWorld
import Testing

@Suite("Ground truth")
struct GroundTruthTests {
    private func probabilities(match: Double, follows: Bool = false, age: Double = 3_600, media: PostRow.Media = .image) -> ActionProbabilities {
        GroundTruth.actionProbabilities(
            match: match, media: media, propensities: ActionPropensities(), mediaAffinity: MediaAffinity(),
            exposure: ExposureContext(followsAuthor: follows, authorQuality: 0, postAgeSeconds: age))
    }

    @Test("engagement rises and hiding falls with the topic match")
    func monotoneInMatch() {
        let disliked = probabilities(match: -0.5)
        let neutral = probabilities(match: 0)
        let liked = probabilities(match: 0.7)
        #expect(liked.click > 5 * neutral.click)
        #expect(liked.like > 5 * neutral.like)
        #expect(neutral.click > disliked.click)
        #expect(disliked.hide > 10 * liked.hide)
        #expect(disliked.report > liked.report)
        for action in ActionRow.Action.allCases {
            #expect((0...1).contains(liked[action]))
        }
        #expect(liked.report <= liked.hide)
    }

    @Test("following the author and freshness raise engagement")
    func followAndFreshness() {
        #expect(probabilities(match: 0.3, follows: true).like > probabilities(match: 0.3).like)
        #expect(probabilities(match: 0.3, age: 60).click > probabilities(match: 0.3, age: 5 * 86_400).click)
        #expect(probabilities(match: 0.3, media: .video).share > probabilities(match: 0.3, media: .text).share)
    }

    @Test("sampling reproduces the marginal probabilities")
    func samplingMatchesProbabilities() {
        let expected = probabilities(match: -0.3, follows: true)
        var random = Xoshiro256StarStar(seed: 99)
        var counts = [Int](repeating: 0, count: 6)
        let trials = 200_000
        for _ in 0..<trials {
            let actions = GroundTruth.sampleActions(expected, using: &random)
            if actions.contains(.hide) { #expect(!actions.contains(.click) && !actions.contains(.like)) }
            for action in actions.actions { counts[action.index] += 1 }
        }
        for action in ActionRow.Action.allCases {
            let observed = Double(counts[action.index]) / Double(trials)
            let p = expected[action]
            let tolerance = 5 * (p * (1 - p) / Double(trials)).squareRoot() + 1e-4
            #expect(abs(observed - p) < tolerance, "\(action): \(observed) vs \(p)")
        }
    }

    @Test("the world answers for a user–post pair from its truth")
    func worldLookup() {
        let world = SampleWorld.shared.world
        let post = world.posts.row(at: 100)
        let user = world.truths[5]
        let fromWorld = world.actionProbabilities(user: user.user, post: post.id, at: post.createdAt + 600)
        let direct = GroundTruth.actionProbabilities(
            user: user, post: post,
            exposure: ExposureContext(
                followsAuthor: world.follows.follows(user.user, post.author, at: post.createdAt + 600),
                authorQuality: world.truth(of: post.author)!.authorQuality, postAgeSeconds: 600))
        #expect(fromWorld == direct)
        #expect(world.actionProbabilities(user: 0, post: post.id, at: 0) == nil)
    }
}

import FeedCore
@testable import FeedStore
import Testing

/// The pure selection rule, without Redis.
@Suite("Candidate selector (pure)")
struct CandidateSelectorTests {
    static let now: Double = 1_800_000_000
    static let day: Double = 86_400

    func selector(maxCandidates: Int = 500, maxFollowed: Int = 350) -> CandidateSelector {
        var configuration = GeneratorConfiguration()
        configuration.maxCandidates = maxCandidates
        configuration.maxFollowedCandidates = maxFollowed
        return CandidateSelector(configuration: configuration, timelineMaxAge: 14 * Self.day)
    }

    func post(_ id: UInt64, author: UInt64, daysOld: Double) -> TimelinePost {
        TimelinePost(post: PostID(id), author: AuthorID(author), createdAt: Self.now - daysOld * Self.day)
    }

    func select(
        _ selector: CandidateSelector, followed: [TimelinePost], trending: [PostID] = [], popular: [PostID] = [],
        prior: [TimelinePost] = [], excludedPosts: Set<PostID> = [], excludedAuthors: Set<AuthorID> = [],
        own: AuthorID? = nil, lastGeneratedAt: Double? = nil
    ) -> CandidateSelector.Selection {
        selector.select(
            followed: followed, trending: trending, popular: popular, prior: prior, excludedPosts: excludedPosts,
            excludedAuthors: excludedAuthors, ownAuthor: own, lastGeneratedAt: lastGeneratedAt, now: Self.now)
    }

    @Test func oldFollowedPostsAreCandidatesWhenNothingNewerFillsTheBudget() {
        // Every post is 4–13 days old: a fixed 3-day window chose none of them.
        let followed: [TimelinePost] = (0..<10).map { (index: Int) -> TimelinePost in
            post(UInt64(100 + index), author: UInt64(10 + index % 3), daysOld: 4 + Double(index))
        }
        let selection = select(selector(), followed: followed.shuffled())
        #expect(selection.choices.map(\.post) == followed.map(\.post), "all of them, newest first")
        #expect(selection.choices.allSatisfy { $0.source == .followedNew })
        #expect(selection.oldestFollowed == Self.now - 13 * Self.day)
    }

    @Test func theFollowedBudgetIsFilledNewestFirstAcrossAuthors() {
        // Author 1 posted hourly today; author 2 a week ago; the budget of 5 takes today's first.
        let today = (0..<4).map { TimelinePost(post: PostID(10 + UInt64($0)), author: 1, createdAt: Self.now - Double($0 + 1) * 3_600) }
        let week = (0..<4).map { post(UInt64(20 + $0), author: 2, daysOld: 7 + Double($0)) }
        let selection = select(selector(maxFollowed: 5), followed: week + today, lastGeneratedAt: Self.now - 2.5 * 3_600)
        #expect(selection.choices.map(\.post.rawValue) == [10, 11, 12, 13, 20])
        #expect(selection.followedSinceLastGeneration == 2, "posts 10 and 11 are newer than the last generation")
        #expect(selection.oldestFollowed == Self.now - 7 * Self.day)
    }

    @Test func seenRejectedHiddenOwnFutureAndTooOldPostsAreSkipped() {
        let followed = [
            post(1, author: 10, daysOld: 1), post(2, author: 10, daysOld: 2),  // 2 seen
            post(3, author: 11, daysOld: 3),  // hidden author
            post(4, author: 12, daysOld: 4),  // the user's own post
            post(5, author: 10, daysOld: -1),  // in the future (clock skew)
            post(6, author: 10, daysOld: 15),  // beyond the timeline bound
            post(7, author: 10, daysOld: 13.9),
        ]
        let selection = select(
            selector(), followed: followed, excludedPosts: [PostID(2)], excludedAuthors: [AuthorID(11)], own: AuthorID(12))
        #expect(selection.choices.map(\.post.rawValue) == [1, 7])
        #expect(selection.followedSinceLastGeneration == 2, "a first generation counts every followed post as new")
    }

    @Test func thePriorFillsWhatTrendingAndPopularLeave() {
        let followed = [post(1, author: 10, daysOld: 5)]
        let prior = [post(1, author: 10, daysOld: 5), post(30, author: 20, daysOld: 1), post(31, author: 21, daysOld: 1),
                     post(32, author: 22, daysOld: 2), post(33, author: 23, daysOld: 2)]
        let selection = select(
            selector(maxCandidates: 5), followed: followed, trending: [PostID(40)], popular: [PostID(41), PostID(1)],
            prior: prior, excludedAuthors: [AuthorID(21)])
        #expect(selection.choices.map(\.post.rawValue) == [1, 40, 41, 30, 32])
        #expect(selection.choices.map(\.source) == [.followedNew, .trending, .popular, .fallback, .fallback])
    }

    @Test func theSecondDegreeComesFirstInThePrior() {
        let prior = [post(30, author: 20, daysOld: 1), post(31, author: 21, daysOld: 1), post(32, author: 22, daysOld: 2),
                     post(33, author: 22, daysOld: 3), post(34, author: 23, daysOld: 3)]
        let selection = select(selector(maxCandidates: 4), followed: [], prior: prior)
        #expect(selection.choices.map(\.post.rawValue) == [30, 31, 32, 33])
        let near = selector(maxCandidates: 4).select(
            followed: [], trending: [], popular: [], prior: prior, secondDegree: [AuthorID(22), AuthorID(23)],
            excludedPosts: [PostID(33)], excludedAuthors: [], ownAuthor: nil, lastGeneratedAt: nil, now: Self.now)
        #expect(near.choices.map(\.post.rawValue) == [32, 34, 30, 31], "authors 22 and 23 first, each part in prior order")
    }

    @Test func aUserWhoFollowsNobodyInAWorldWithoutActionsGetsThePrior() {
        let prior: [TimelinePost] = (0..<700).map { (index: Int) -> TimelinePost in
            post(UInt64(1_000 + index), author: UInt64(index % 200), daysOld: Double(index % 13))
        }
        let selection = select(selector(), followed: [], prior: prior, excludedPosts: [PostID(1_000)], own: AuthorID(1))
        #expect(selection.choices.count == 500)
        #expect(selection.choices.allSatisfy { $0.source == .fallback })
        #expect(!selection.choices.contains { $0.post == PostID(1_000) || $0.post == PostID(1_001) })
        #expect(selection.oldestFollowed == nil)
    }
}

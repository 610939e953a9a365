import Foundation
import Testing

@testable import FeedCore

@Suite struct DomainTests {
    @Test func identifiersAreTypedAndCodable() throws {
        let post: PostID = 42
        #expect(post.description == "42")
        #expect(PostID("42") == post)
        #expect(PostID("-1") == nil)
        let data = try JSONEncoder().encode([post])
        #expect(String(decoding: data, as: UTF8.self) == "[42]")
        #expect(try JSONDecoder().decode([PostID].self, from: data) == [post])
        #expect(AuthorID(UserID(9)).user == UserID(9))
        #expect(GenerationID(1) < GenerationID(2))
        #expect(RequestID(rawValue: .max).description == "18446744073709551615")
    }

    @Test func enumsAreStable() {
        #expect(MediaType.allCases.map(\.index) == [0, 1, 2, 3])
        #expect(ActionType.heads.map(\.headIndex) == [0, 1, 2, 3, 4, 5])
        #expect(ActionType.dwell.isHead == false)
        #expect(CandidateSource.followedNew.rawValue == "followed_new")
        #expect(Candidate(post: Post(id: 1, author: 1, createdAt: 0, mediaType: .text), source: .exploration).isExplorationEligible)
        #expect(!Candidate(post: Post(id: 1, author: 1, createdAt: 0, mediaType: .text), source: .popular).isExplorationEligible)
    }

    @Test func splitMix64IsStable() {
        // Reference values of SplitMix64 seeded with 1234567 (from the published C reference).
        var random = SplitMix64(seed: 1_234_567)
        #expect(random.next() == 6_457_827_717_110_365_317)
        #expect(random.next() == 3_203_168_211_198_807_973)
        var bounded = SplitMix64(seed: 1)
        for _ in 0..<1_000 {
            let value = bounded.nextInt(below: 7)
            #expect((0..<7).contains(value))
            let unit = bounded.nextUnit()
            #expect(unit >= 0 && unit < 1)
        }
        #expect(SplitMix64(user: 1, generation: 2).state == SplitMix64(user: 1, generation: 2).state)
        #expect(SplitMix64(user: 1, generation: 2).state != SplitMix64(user: 1, generation: 3).state)
        #expect(SplitMix64(user: 1, generation: 2).state != SplitMix64(user: 2, generation: 1).state)
    }

    @Test func topicCosine() {
        #expect(TopicVector([1, 0]).cosineSimilarity(to: TopicVector([0, 1])) == 0)
        #expect(TopicVector([2, 0]).cosineSimilarity(to: TopicVector([1, 0])) == 1)
        #expect(TopicVector([1, 0]).cosineSimilarity(to: TopicVector([-3, 0])) == -1)
        #expect(TopicVector([0, 0]).cosineSimilarity(to: TopicVector([1, 0])).isNaN)
        #expect(TopicVector([1, 0]).cosineSimilarity(to: TopicVector([1, 0, 0])).isNaN)
        #expect(TopicVector.unknown.cosineSimilarity(to: TopicVector([1])).isNaN)
    }
}

import FeedCore
import FeedLearning
import Testing

@Suite("Feature-log table")
struct FeatureLogTableTests {
    @Test("two users' generations with one id keep their own vectors")
    func generationIDsAreScopedByUser() {
        var table = FeatureLogTable()
        let generation = GenerationID(1_796_000_000_000_123)
        table.insert(user: 1, generation: generation, posts: [10, 11], features: [[1, 1], [2, 2]])
        table.insert(user: 2, generation: generation, posts: [10, 12], features: [[9, 9], [8, 8]])
        let item = ImpressedItem(post: 10, position: 0)
        #expect(table.features(user: 1, generation: generation, item: item) == [1, 1])
        #expect(table.features(user: 2, generation: generation, item: item) == [9, 9])
        #expect(table.features(user: 3, generation: generation, item: item) == nil)
        // The post is checked too: position 1 holds 11 for user 1, 12 for user 2.
        #expect(table.features(user: 1, generation: generation, item: ImpressedItem(post: 12, position: 1)) == nil)
        #expect(table.contains(user: 2, generation: generation) && !table.contains(user: 3, generation: generation))
    }
}

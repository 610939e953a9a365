import Foundation

/// Draws the posts: authors by posting rate, times by the author's local daily rhythm, media by
/// the author's media taste, topics near the author's liked topics. Sorted by time; ids follow.
struct PostCorpusBuilder {
    let config: WorldConfig
    let population: Population

    private struct Draft {
        var time: Double
        var draw: Int32
        var author: Int32
        var media: UInt8
    }

    func build() -> PostTable {
        let dimension = config.topicDimension
        let count = config.posts
        let creators = (0..<population.count).filter { population.postingWeight[$0] > 0 }
        guard count > 0, !creators.isEmpty else {
            return PostTable(
                topicDimension: dimension, authors: [], createdAt: [], media: [], topics: [],
                authorOffsets: [Int](repeating: 0, count: population.count + 1), authorPosts: [])
        }
        let authorTable = AliasTable(weights: creators.map { population.postingWeight[$0] })

        var drafts: [Draft] = []
        drafts.reserveCapacity(count)
        for draw in 0..<count {
            var random = Xoshiro256StarStar(seed: SeedDerivation.derive(config.seed, StreamTag.post, UInt64(draw)))
            let author = creators[authorTable.sample(using: &random)]
            let time = drawTime(author: author, using: &random)
            let media = drawMedia(author: author, using: &random)
            drafts.append(Draft(time: time, draw: Int32(draw), author: Int32(author), media: UInt8(media.index)))
        }
        drafts.sort { $0.time < $1.time || ($0.time == $1.time && $0.draw < $1.draw) }

        var authors = [Int32](repeating: 0, count: count)
        var createdAt = [Double](repeating: 0, count: count)
        var media = [PostRow.Media](repeating: .text, count: count)
        var topics = [Float](repeating: 0, count: count * dimension)
        var authorCounts = [Int](repeating: 0, count: population.count + 1)
        let contentWeights = population.truths.map { truth in truth.preference.map { max(0, Double($0)) } }
        var vector = [Double](repeating: 0, count: dimension)
        for (index, draft) in drafts.enumerated() {
            authors[index] = draft.author
            createdAt[index] = draft.time
            media[index] = PostRow.Media.allCases[Int(draft.media)]
            authorCounts[Int(draft.author) + 1] += 1
            var random = Xoshiro256StarStar(seed: SeedDerivation.derive(config.seed, StreamTag.postTopics, UInt64(draft.draw)))
            Self.drawTopics(into: &vector, content: contentWeights[Int(draft.author)], using: &random)
            let normalized = Rounding.normalized(vector)
            let start = index * dimension
            for component in 0..<dimension { topics[start + component] = normalized[component] }
        }

        var authorOffsets = authorCounts
        for index in 1..<authorOffsets.count { authorOffsets[index] += authorOffsets[index - 1] }
        var cursor = authorOffsets
        var authorPosts = [Int32](repeating: 0, count: count)
        for index in 0..<count {
            let author = Int(authors[index])
            authorPosts[cursor[author]] = Int32(index)
            cursor[author] += 1
        }
        return PostTable(
            topicDimension: dimension, authors: authors, createdAt: createdAt, media: media,
            topics: topics, authorOffsets: authorOffsets, authorPosts: authorPosts)
    }

    /// A time in the history after the author joined, following the author's local rhythm.
    private func drawTime(author: Int, using random: inout Xoshiro256StarStar) -> Double {
        let lower = max(config.startTime, population.users[author].createdAt)
        let offset = population.truths[author].utcOffsetHours * 3_600
        if lower < config.endTime - 3_600 {
            for _ in 0..<8 {
                let day = random.index(below: config.days + 2)
                let localMidnight = DailyRhythm.gridStart(config.startTime) + Double(day) * 86_400
                let weekend = DailyRhythm.isWeekend(DailyRhythm.weekday(localMidnight: localMidnight))
                let time = localMidnight + DailyRhythm.sampleSecondOfDay(weekend: weekend, using: &random) - offset
                if time >= lower && time < config.endTime { return Rounding.milliseconds(time) }
            }
        }
        return Rounding.milliseconds(random.uniform(lower, config.endTime))
    }

    private static let baseMediaMix: [Double] = [0.35, 0.35, 0.15, 0.15]

    private func drawMedia(author: Int, using random: inout Xoshiro256StarStar) -> PostRow.Media {
        Self.drawMedia(affinity: population.truths[author].mediaAffinity, using: &random)
    }

    /// A media type from the base mix tilted by the author's media taste.
    static func drawMedia(affinity: MediaAffinity, using random: inout Xoshiro256StarStar) -> PostRow.Media {
        var weights = [Double](repeating: 0, count: 4)
        var total = 0.0
        for media in PostRow.Media.allCases {
            let weight = PostCorpusBuilder.baseMediaMix[media.index] * exp(1.2 * affinity[media])
            weights[media.index] = weight
            total += weight
        }
        var draw = random.unitDouble() * total
        for media in PostRow.Media.allCases {
            draw -= weights[media.index]
            if draw < 0 { return media }
        }
        return .link
    }

    /// One main topic (and sometimes a second) drawn from the author's liked topics, plus small
    /// non-negative noise.
    static func drawTopics(into vector: inout [Double], content: [Double], using random: inout Xoshiro256StarStar) {
        for index in vector.indices { vector[index] = max(0, random.normal(mean: 0, standardDeviation: 0.06)) }
        let main = drawTopic(content: content, using: &random)
        vector[main] += 1
        if random.bernoulli(0.35) {
            let second = drawTopic(content: content, using: &random)
            if second != main { vector[second] += random.uniform(0.3, 0.7) }
        }
    }

    private static func drawTopic(content: [Double], using random: inout Xoshiro256StarStar) -> Int {
        var total = 0.0
        for weight in content { total += weight * weight }
        guard total > 0 else { return random.index(below: content.count) }
        var draw = random.unitDouble() * total
        for (index, weight) in content.enumerated() {
            draw -= weight * weight
            if draw < 0 { return index }
        }
        return content.count - 1
    }
}

import Foundation
import Testing

@testable import FeedCore

@Suite struct FeatureExtractorTests {
    /// 2023-11-14 22:13:20 UTC, a Tuesday.
    static let now: Double = 1_700_000_000

    static func value(_ vector: [Float], _ name: String) -> Float {
        guard let index = FeatureSchema.current.index(of: name) else {
            Issue.record("no feature named \(name)")
            return .nan
        }
        return vector[index]
    }

    static var fullInputs: FeatureInputs {
        var affinity = UserAuthorAffinity(follows: true)
        affinity[.click] = DecayedValue(value: 1, updatedAt: now)
        affinity[.like] = DecayedValue(value: 4, updatedAt: now - 7 * 86_400)  // one half-life ago → 2
        affinity[.hide] = DecayedValue(value: 1, updatedAt: now - 14 * 86_400)  // two half-lives → 0.25
        let post = Post(
            id: 7, author: 9, createdAt: now - 2.5 * 3_600, mediaType: .video, topics: TopicVector([1, 1, 0]))
        return FeatureInputs(
            post: post, now: now,
            postEngagement: WindowedEngagement(
                oneHour: EngagementCounts(impressions: 10, clicks: 2, likes: 1, hides: 1),
                oneDay: EngagementCounts(impressions: 100, clicks: 10, likes: 5, comments: 2, shares: 1, hides: 2, reports: 1),
                threeDays: .zero,
                sevenDays: EngagementCounts(impressions: 400, clicks: 40)),
            author: AuthorStats(
                followers: 999, postsLast7Days: 14,
                engagement: WindowedEngagement(sevenDays: EngagementCounts(impressions: 1_000, clicks: 50, likes: 20))),
            affinity: affinity,
            userTopics: TopicVector([1, 0, 0]),
            context: RequestContext(platform: .android, utcOffsetSeconds: 3_600))
    }

    @Test func schemaNamesAreUniqueAndMatchTheVector() {
        let names = FeatureSchema.current.names
        #expect(Set(names).count == names.count)
        #expect(FeatureExtractor.features(for: Self.fullInputs).count == names.count)
        #expect(FeatureSchema.current.version == 1)
        #expect(FeatureSchema.current.hash.count == 64)
    }

    /// Pinned so that changing the feature list is a deliberate act: bump `FeatureSchema.current`'s
    /// version when a definition changes, and update docs/FEATURES.md.
    @Test func currentSchemaIsPinned() {
        #expect(FeatureSchema.current.count == 70)
        #expect(FeatureSchema.current.hash == "7e189ad3d49b48250c962e26684ae88204f08ddbac3454b3166d11419d0201ca")
    }

    @Test func schemaHashIsStable() {
        // Computed independently: sha256("prefeed.features.v1\na\nb").
        #expect(FeatureSchema(version: 1, names: ["a", "b"]).hash
            == "874f1cda51c85920957aee8b7006fa0ea04010e087e7fba7922916101ae2f1de")
        #expect(FeatureSchema(version: 7, names: ["f0"]).hash
            == "53244e7252aa44562c3b1be78c7ca721c27a87d8a39429146c900034cc0f878f")
        #expect(FeatureSchema(version: 2, names: ["a", "b"]).hash != FeatureSchema(version: 1, names: ["a", "b"]).hash)
    }

    @Test func handComputedValues() {
        let v = FeatureExtractor.features(for: Self.fullInputs)
        func f(_ name: String) -> Float { Self.value(v, name) }
        func close(_ name: String, _ expected: Double, _ tolerance: Float = 1e-6) {
            #expect(abs(f(name) - Float(expected)) <= tolerance, "\(name) = \(f(name)), expected \(expected)")
        }
        // Freshness: age 2.5 h.
        close("post_freshness", 1 / 3.5)
        close("post_age_hours", 2.5)
        #expect(f("post_age_lt_1h") == 0)
        #expect(f("post_age_1h_6h") == 1)
        #expect(f("post_age_6h_24h") == 0)
        #expect(f("post_age_ge_7d") == 0)
        #expect(f("post_media_video") == 1)
        #expect(f("post_media_text") == 0)
        // Post windows.
        close("post_log_impressions_1h", log(11))
        close("post_log_engagements_1h", log(4))
        close("post_engagement_rate_1h", 0.3)
        close("post_negative_rate_1h", 0.1)
        close("post_engagement_rate_1d", 0.18)
        close("post_negative_rate_1d", 0.03)
        #expect(f("post_log_impressions_3d") == 0)  // known zero, not missing
        #expect(f("post_engagement_rate_3d").isNaN)  // no impressions: a rate is unknown
        close("post_engagement_rate_7d", 0.1)
        close("post_click_rate_1d", 0.1)
        close("post_like_rate_1d", 0.05)
        close("post_comment_rate_1d", 0.02)
        close("post_share_rate_1d", 0.01)
        close("post_hide_rate_1d", 0.02)
        close("post_report_rate_1d", 0.01)
        // Author.
        close("author_log_followers", log(1_000))
        close("author_posts_per_day_7d", 2)
        close("author_engagements_per_post_7d", 5)
        close("author_engagement_rate_7d", 0.07)
        #expect(f("author_engagement_rate_1h").isNaN)
        // Affinity decayed with a 7-day half-life.
        close("user_author_log_affinity_click", log(2))
        close("user_author_log_affinity_like", log(3))
        close("user_author_log_affinity_hide", log(1.25))
        #expect(f("user_author_log_affinity_comment") == 0)
        close("user_author_log_affinity_positive", log(4))
        #expect(f("user_follows_author") == 1)
        // Topics: cos([1,0,0], [1,1,0]) = 1/√2.
        close("user_post_topic_cosine", 1 / 2.0.squareRoot())
        // Context: 23:13 local on Tuesday (UTC+1).
        #expect(f("context_hour_of_day") == 23)
        close("context_hour_sin", sin(2 * Double.pi * 23 / 24))
        close("context_hour_cos", cos(2 * Double.pi * 23 / 24))
        #expect(f("context_day_of_week") == 1)
        #expect(f("context_is_weekend") == 0)
        #expect(f("context_platform_android") == 1)
        #expect(f("context_platform_ios") == 0)
    }

    @Test func missingInputsAreNaNNotZero() {
        let post = Post(id: 1, author: 2, createdAt: Self.now - 100 * 3_600, mediaType: .text)
        let v = FeatureExtractor.features(for: FeatureInputs(post: post, now: Self.now))
        let missing = ["post_log_impressions_1h", "post_engagement_rate_7d", "post_click_rate_1d",
                       "author_log_followers", "author_posts_per_day_7d", "author_engagements_per_post_7d",
                       "author_log_engagements_3d", "user_author_log_affinity_like", "user_follows_author",
                       "user_post_topic_cosine", "context_platform_web"]
        for name in missing { #expect(Self.value(v, name).isNaN, "\(name) should be missing") }
        // Always known.
        #expect(Self.value(v, "post_age_3d_7d") == 1)
        #expect(Self.value(v, "context_hour_of_day") == 22)
        #expect(!Self.value(v, "post_freshness").isNaN)
        // An affinity that was read and is empty is a real zero.
        let empty = FeatureExtractor.features(
            for: FeatureInputs(post: post, now: Self.now, affinity: UserAuthorAffinity(follows: false)))
        #expect(Self.value(empty, "user_author_log_affinity_like") == 0)
        #expect(Self.value(empty, "user_follows_author") == 0)
    }

    @Test func ageBucketsAndClockSkew() {
        func bucket(ageHours: Double) -> [Float] {
            let post = Post(id: 1, author: 2, createdAt: Self.now - ageHours * 3_600, mediaType: .text)
            let v = FeatureExtractor.features(for: FeatureInputs(post: post, now: Self.now))
            return ["post_age_lt_1h", "post_age_1h_6h", "post_age_6h_24h", "post_age_1d_3d", "post_age_3d_7d",
                    "post_age_ge_7d"].map { Self.value(v, $0) }
        }
        #expect(bucket(ageHours: 0.5) == [1, 0, 0, 0, 0, 0])
        #expect(bucket(ageHours: 6) == [0, 0, 1, 0, 0, 0])
        #expect(bucket(ageHours: 30) == [0, 0, 0, 1, 0, 0])
        #expect(bucket(ageHours: 100) == [0, 0, 0, 0, 1, 0])
        #expect(bucket(ageHours: 500) == [0, 0, 0, 0, 0, 1])
        // A post "from the future" (clock skew) has age 0, freshness 1.
        let future = Post(id: 1, author: 2, createdAt: Self.now + 60, mediaType: .text)
        let v = FeatureExtractor.features(for: FeatureInputs(post: future, now: Self.now))
        #expect(Self.value(v, "post_freshness") == 1)
    }

    @Test func contextIsPositionIndependentAndWeekdayWraps() {
        // 1970-01-03 was a Saturday; 1969-12-31 a Wednesday (negative days).
        let saturday = FeatureInputs(post: Post(id: 1, author: 2, createdAt: 0, mediaType: .text), now: 2 * 86_400 + 5)
        let v = FeatureExtractor.features(for: saturday)
        #expect(Self.value(v, "context_day_of_week") == 5)
        #expect(Self.value(v, "context_is_weekend") == 1)
        let wednesday = FeatureInputs(post: Post(id: 1, author: 2, createdAt: -90_000, mediaType: .text), now: -3_600)
        #expect(Self.value(FeatureExtractor.features(for: wednesday), "context_day_of_week") == 2)
        #expect(Self.value(FeatureExtractor.features(for: wednesday), "context_hour_of_day") == 23)
        #expect(!FeatureSchema.current.names.contains { $0.contains("position") })
    }

    @Test func matrixRowsEqualSingleVectors() {
        var other = Self.fullInputs
        other.post.mediaType = .link
        other.author = nil
        let matrix = FeatureExtractor.matrix(for: [Self.fullInputs, other])
        #expect(matrix.rowCount == 2)
        let expected = [FeatureExtractor.features(for: Self.fullInputs), FeatureExtractor.features(for: other)]
        for row in 0..<2 {
            let actual = Array(matrix.row(row))
            #expect(zip(actual, expected[row]).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
    }
}

/// How much a user prefers each media type: logit offsets in ``GroundTruth`` (0 is neutral).
/// Authors also post more of the media types they like.
public struct MediaAffinity: Codable, Sendable, Hashable {
    /// Logit offset for `text` posts.
    public var text: Double
    /// Logit offset for `image` posts.
    public var image: Double
    /// Logit offset for `video` posts.
    public var video: Double
    /// Logit offset for `link` posts.
    public var link: Double

    /// Creates affinities; all neutral by default.
    public init(text: Double = 0, image: Double = 0, video: Double = 0, link: Double = 0) {
        self.text = text
        self.image = image
        self.video = video
        self.link = link
    }

    /// The affinity for `media`.
    public subscript(media: PostRow.Media) -> Double {
        switch media {
        case .text: text
        case .image: image
        case .video: video
        case .link: link
        }
    }
}

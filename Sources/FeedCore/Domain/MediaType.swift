/// What a post mainly shows. The reranker spaces out long runs of one media type.
public enum MediaType: String, CaseIterable, Codable, Sendable {
    case text
    case image
    case video
    case link

    /// The number of media types (`allCases.count`, without building the array).
    public static let count = 4

    /// A dense index `0..<MediaType.count`, stable across versions (new cases go last).
    public var index: Int {
        switch self {
        case .text: 0
        case .image: 1
        case .video: 2
        case .link: 3
        }
    }

    /// The media type with the given dense `index`, or `nil`.
    public init?(index: Int) {
        switch index {
        case 0: self = .text
        case 1: self = .image
        case 2: self = .video
        case 3: self = .link
        default: return nil
        }
    }
}

/// The client a user reads from.
public enum Platform: String, CaseIterable, Codable, Sendable {
    case ios
    case android
    case web
    /// Not known; platform features are then missing (NaN), not "none of the above".
    case unknown
}

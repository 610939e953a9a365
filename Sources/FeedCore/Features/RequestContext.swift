/// The reader's context when the feed is computed: the client platform and local time offset.
///
/// Context features never depend on the position an item will take, so the same vector is valid
/// wherever the item lands in the feed.
public struct RequestContext: Hashable, Sendable, Codable {
    public var platform: Platform
    /// The reader's offset from UTC in seconds, for the local hour and weekday; 0 reads as UTC.
    public var utcOffsetSeconds: Int

    public init(platform: Platform = .unknown, utcOffsetSeconds: Int = 0) {
        self.platform = platform
        self.utcOffsetSeconds = utcOffsetSeconds
    }
}

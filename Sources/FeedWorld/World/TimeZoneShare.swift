/// The share of users living at one UTC offset.
public struct TimeZoneShare: Codable, Sendable, Hashable {
    /// Offset from UTC in hours (local = UTC + offset), e.g. -5 for New York in winter.
    public var utcOffsetHours: Double
    /// Relative weight (shares need not sum to 1).
    public var share: Double

    /// Creates a share.
    public init(utcOffsetHours: Double, share: Double) {
        self.utcOffsetHours = utcOffsetHours
        self.share = share
    }

    enum CodingKeys: String, CodingKey {
        case utcOffsetHours = "utc_offset_hours"
        case share
    }

    /// A world-wide mix weighted toward the Americas and Europe.
    public static let worldMix: [TimeZoneShare] = [
        TimeZoneShare(utcOffsetHours: -8, share: 0.15),
        TimeZoneShare(utcOffsetHours: -6, share: 0.10),
        TimeZoneShare(utcOffsetHours: -5, share: 0.25),
        TimeZoneShare(utcOffsetHours: -3, share: 0.05),
        TimeZoneShare(utcOffsetHours: 0, share: 0.12),
        TimeZoneShare(utcOffsetHours: 1, share: 0.18),
        TimeZoneShare(utcOffsetHours: 5.5, share: 0.07),
        TimeZoneShare(utcOffsetHours: 9, share: 0.08),
    ]
}

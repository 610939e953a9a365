/// Engagement counts over the four windows 1 h, 1 d, 3 d and 7 d (each window contains the shorter ones).
public struct WindowedEngagement: Hashable, Sendable, Codable {
    public var oneHour: EngagementCounts
    public var oneDay: EngagementCounts
    public var threeDays: EngagementCounts
    public var sevenDays: EngagementCounts

    public init(
        oneHour: EngagementCounts = .zero, oneDay: EngagementCounts = .zero,
        threeDays: EngagementCounts = .zero, sevenDays: EngagementCounts = .zero
    ) {
        self.oneHour = oneHour
        self.oneDay = oneDay
        self.threeDays = threeDays
        self.sevenDays = sevenDays
    }

    /// No engagement in any window (known to be zero, unlike a missing value).
    public static let zero = WindowedEngagement()

    public subscript(window: EngagementWindow) -> EngagementCounts {
        get {
            switch window {
            case .oneHour: oneHour
            case .oneDay: oneDay
            case .threeDays: threeDays
            case .sevenDays: sevenDays
            }
        }
        set {
            switch window {
            case .oneHour: oneHour = newValue
            case .oneDay: oneDay = newValue
            case .threeDays: threeDays = newValue
            case .sevenDays: sevenDays = newValue
            }
        }
    }
}

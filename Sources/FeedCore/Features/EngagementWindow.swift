/// The sliding windows engagement is counted over.
public enum EngagementWindow: Int, CaseIterable, Sendable {
    case oneHour
    case oneDay
    case threeDays
    case sevenDays

    /// The number of windows (`allCases.count`, without building the array).
    public static let count = 4

    /// The window length in seconds.
    public var seconds: Double {
        switch self {
        case .oneHour: 3_600
        case .oneDay: 86_400
        case .threeDays: 3 * 86_400
        case .sevenDays: 7 * 86_400
        }
    }

    /// The suffix used in feature names: `1h`, `1d`, `3d`, `7d`.
    public var label: String {
        switch self {
        case .oneHour: "1h"
        case .oneDay: "1d"
        case .threeDays: "3d"
        case .sevenDays: "7d"
        }
    }
}

/// The relative weights of the ``UserType``s in the population.
public struct UserTypeShares: Codable, Sendable, Hashable {
    /// Weight of ``UserType/dailyRegular``.
    public var dailyRegular: Double
    /// Weight of ``UserType/weekendUser``.
    public var weekendUser: Double
    /// Weight of ``UserType/occasional``.
    public var occasional: Double
    /// Weight of ``UserType/returning``.
    public var returning: Double

    /// Creates shares (relative weights; they need not sum to 1).
    public init(dailyRegular: Double = 0.40, weekendUser: Double = 0.15, occasional: Double = 0.35, returning: Double = 0.10) {
        self.dailyRegular = dailyRegular
        self.weekendUser = weekendUser
        self.occasional = occasional
        self.returning = returning
    }

    enum CodingKeys: String, CodingKey {
        case dailyRegular = "daily_regular"
        case weekendUser = "weekend"
        case occasional
        case returning
    }

    /// The weights in ``UserType/allCases`` order.
    var weights: [Double] { [dailyRegular, weekendUser, occasional, returning] }
}

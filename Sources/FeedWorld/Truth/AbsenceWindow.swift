/// A stretch of time during which a ``UserType/returning`` user does not open the app.
public struct AbsenceWindow: Codable, Sendable, Hashable {
    /// Start, Unix seconds.
    public var from: Double
    /// End, Unix seconds; may lie after the history's end (the user churned).
    public var until: Double

    /// Creates a window.
    public init(from: Double, until: Double) {
        self.from = from
        self.until = until
    }

    /// Whether `time` falls in the window.
    public func contains(_ time: Double) -> Bool {
        time >= from && time < until
    }
}

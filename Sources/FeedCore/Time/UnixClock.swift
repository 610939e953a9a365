import Foundation

/// Where a component reads the current time, in unix seconds (the time unit of every record in
/// Redis): the wall clock in production, a simulated clock in `prefeed simulate loop`, which
/// advances time between rounds so that posts age and engagement windows decay as they would
/// over days of use.
public struct UnixClock: Sendable {
    private let read: @Sendable () -> Double

    /// A clock that reads `read`.
    public init(_ read: @escaping @Sendable () -> Double) { self.read = read }

    /// The current time, unix seconds.
    public var now: Double { read() }

    /// The wall clock.
    public static let wall = UnixClock { Date().timeIntervalSince1970 }
}

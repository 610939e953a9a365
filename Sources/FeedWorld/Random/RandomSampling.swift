import Foundation

/// The distributions the generator draws from, built only on `next()` so that results depend on
/// the seed alone (not on the standard library's sampling algorithms, which may change).
extension RandomNumberGenerator {
    /// A uniform double in `[0, 1)` with 53 random bits.
    @inline(__always)
    mutating func unitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in `(0, 1]`, safe to take the logarithm of.
    @inline(__always)
    mutating func openUnitDouble() -> Double {
        (Double(next() >> 11) + 1) * 0x1.0p-53
    }

    /// A uniform double in `[lower, upper)`.
    @inline(__always)
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * unitDouble()
    }

    /// `true` with probability `probability`.
    @inline(__always)
    mutating func bernoulli(_ probability: Double) -> Bool {
        unitDouble() < probability
    }

    /// A uniform integer in `0..<count` (`count` > 0), by Lemire's multiply-high method.
    @inline(__always)
    mutating func index(below count: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(count)).high)
    }

    /// A standard normal draw (Box–Muller).
    mutating func standardNormal() -> Double {
        let radius = (-2 * log(openUnitDouble())).squareRoot()
        return radius * cos(2 * Double.pi * unitDouble())
    }

    /// A normal draw with the given mean and standard deviation.
    mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * standardNormal()
    }

    /// A log-normal draw: `exp(N(mu, sigma))`.
    mutating func logNormal(mu: Double, sigma: Double) -> Double {
        exp(mu + sigma * standardNormal())
    }

    /// An exponential draw with the given mean.
    mutating func exponential(mean: Double) -> Double {
        -mean * log(openUnitDouble())
    }

    /// A Poisson draw (Knuth's method for small means, a rounded normal above 30).
    mutating func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            return max(0, Int(normal(mean: mean, standardDeviation: mean.squareRoot()).rounded()))
        }
        let limit = exp(-mean)
        var product = unitDouble()
        var count = 0
        while product > limit {
            product *= unitDouble()
            count += 1
        }
        return count
    }

    /// The number of failures before the first success when successes have probability
    /// `1 / (mean + 1)`: a geometric draw with the given mean.
    mutating func geometric(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        let failure = mean / (mean + 1)
        return Int(log(openUnitDouble()) / log(failure))
    }
}

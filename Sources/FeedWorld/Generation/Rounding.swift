/// Rounding that keeps generated numbers short in the files and exact when read back.
enum Rounding {
    /// A time rounded to whole milliseconds.
    @inline(__always)
    static func milliseconds(_ time: Double) -> Double {
        (time * 1_000).rounded() / 1_000
    }

    /// A weight rounded to six decimals (then exact through the parser's fast path).
    @inline(__always)
    static func sixDecimals(_ value: Double) -> Float {
        Float((value * 1_000_000).rounded()) / 1_000_000
    }

    /// A value rounded to four decimals, for hidden parameters.
    @inline(__always)
    static func fourDecimals(_ value: Double) -> Double {
        (value * 10_000).rounded() / 10_000
    }

    /// `vector` scaled to unit L2 norm and rounded to six decimals (unchanged if all zero).
    static func normalized(_ vector: [Double]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return vector.map { Float($0) } }
        return vector.map { sixDecimals($0 / norm) }
    }
}

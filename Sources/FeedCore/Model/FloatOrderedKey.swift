extension Float {
    /// An integer with the same order as this Float (which must not be NaN): integer compares and
    /// integer sorts then agree with Float ones. −0 and +0 get the same key, as they compare equal.
    @inline(__always)
    var orderedKey: Int32 {
        let bits = Int32(bitPattern: (self + 0).bitPattern)
        return bits >= 0 ? bits : bits ^ Int32.max
    }
}

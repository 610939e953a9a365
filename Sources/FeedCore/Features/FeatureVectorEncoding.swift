/// The byte form of feature vectors for the generation feature log: each value as a little-endian
/// IEEE-754 Float32, in schema order (NaN stays NaN). 4 bytes per feature, no header: store the
/// schema hash once per log, not per vector.
public enum FeatureVectorEncoding {
    /// The bytes of `values`.
    public static func encode(_ values: some Collection<Float>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for value in values {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// The values in `bytes`, or `nil` when the length is not a multiple of 4.
    public static func decode(_ bytes: some Collection<UInt8>) -> [Float]? {
        guard bytes.count % 4 == 0 else { return nil }
        var values: [Float] = []
        values.reserveCapacity(bytes.count / 4)
        var bits: UInt32 = 0
        var shift: UInt32 = 0
        for byte in bytes {
            bits |= UInt32(byte) << shift
            shift += 8
            if shift == 32 {
                values.append(Float(bitPattern: bits))
                bits = 0
                shift = 0
            }
        }
        return values
    }
}

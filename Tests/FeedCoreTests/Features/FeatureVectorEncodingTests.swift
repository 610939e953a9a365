import Testing

@testable import FeedCore

@Suite struct FeatureVectorEncodingTests {
    @Test func roundTripKeepsEveryBit() {
        let values: [Float] = [0, -0.0, 1.5, -2.25, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, 1e30]
        let bytes = FeatureVectorEncoding.encode(values)
        #expect(bytes.count == values.count * 4)
        #expect(Array(bytes.prefix(12)) == [0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0xC0, 0x3F])
        let decoded = FeatureVectorEncoding.decode(bytes)
        #expect(decoded?.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(FeatureVectorEncoding.decode([1, 2, 3]) == nil)
    }
}

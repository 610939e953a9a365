/// Feature vectors of many candidates in one contiguous row-major buffer (row = candidate).
public struct FeatureMatrix: Sendable {
    /// Features per row.
    public let columnCount: Int
    /// Number of rows.
    public private(set) var rowCount: Int
    /// `rowCount * columnCount` values, row after row.
    public private(set) var values: [Float]

    /// An empty matrix with rows of `columnCount` features.
    public init(columnCount: Int) {
        self.columnCount = columnCount
        self.rowCount = 0
        self.values = []
    }

    /// A matrix over existing row-major values; `values.count` must be a multiple of `columnCount`.
    public init(columnCount: Int, values: [Float]) {
        precondition(columnCount > 0 && values.count % columnCount == 0, "values do not fill whole rows")
        self.columnCount = columnCount
        self.rowCount = values.count / columnCount
        self.values = values
    }

    /// Reserves room for `rows` more rows.
    public mutating func reserveRows(_ rows: Int) {
        values.reserveCapacity(values.count + rows * columnCount)
    }

    /// Appends the features of one candidate, computed by `FeatureExtractor`.
    public mutating func appendRow(_ inputs: FeatureInputs) {
        precondition(columnCount == FeatureExtractor.featureCount, "matrix is not in the current schema")
        let start = values.count
        values.append(contentsOf: repeatElement(Float.nan, count: columnCount))
        values.withUnsafeMutableBufferPointer { buffer in
            FeatureExtractor.write(inputs, to: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
        rowCount += 1
    }

    /// Appends one row of `columnCount` values.
    public mutating func appendRow(_ row: some Collection<Float>) {
        precondition(row.count == columnCount, "row has \(row.count) values, expected \(columnCount)")
        values.append(contentsOf: row)
        rowCount += 1
    }

    /// Removes all rows, keeping the storage for reuse.
    public mutating func removeAll() {
        values.removeAll(keepingCapacity: true)
        rowCount = 0
    }

    /// The values of row `index`.
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[(index * columnCount)..<((index + 1) * columnCount)]
    }

    /// One value.
    public subscript(row: Int, column: Int) -> Float {
        values[row * columnCount + column]
    }
}

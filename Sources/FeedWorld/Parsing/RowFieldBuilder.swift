/// Collects the fields of one row while a scanner reads them, then builds the row.
///
/// Each row type has one; the JSON and CSV scanners drive it through ``assign(field:from:options:)``
/// with the field's index in ``fieldKeys``.
protocol RowFieldBuilder {
    associatedtype Row

    /// The field names in canonical order (JSON keys, CSV header).
    static var fieldKeys: [StaticString] { get }

    /// An empty builder.
    init()

    /// Reads the value of field `field` from `reader`.
    mutating func assign(field: Int, from reader: inout some FieldValueReader, options: RowParseOptions) throws(RowParseError)

    /// The row, or `missingField` for the first required field never assigned.
    func build() throws(RowParseError) -> Row
}

extension RowFieldBuilder {
    /// The name of field `index`, as a `String`.
    static func fieldName(_ index: Int) -> String {
        fieldKeys[index].description
    }
}

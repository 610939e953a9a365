import FeedCore

/// The byte layout of a generation's feature log in the segment files since format 2: lossless
/// (every value bit for bit) and about half the size of ``FeatureLogFormat`` (format 1).
///
/// Two things make format 1's dense `500 × 70 × Float32` mostly redundant, measured on the
/// learning loop's logs: ≈ 12 of the 70 columns hold one value for the whole feed (the user's
/// context: platform, hour, topics) and, of the rest, 37 % of the cells are `+0.0` and 9 % NaN.
/// So the feed-constant columns are stored once, and each row stores a 2-bit code per other
/// column (`0` = `+0.0`, `1` = the canonical NaN `0x7fc00000`, `2` = the value follows) and then
/// only the values of code-2 cells. Any other bit pattern (`-0.0`, NaN payloads) is a plain value.
///
/// ```
/// header     32 B  "PFL2" | format u32 (2) | featureCount F u32 | itemCount n u32 | generation u64 | schemaVersion u32 | constantCount C u32
/// constants  ⌈F/8⌉ B bitmap (bit c: column c is constant) | C × u32 its values, in column order
/// items      n × 24 B  as in format 1 (post, author, score, reason, media, flags)
/// offsets    (n + 1) × u32  start of each row in the rows section, then its end
/// rows       per row: ⌈2·(F − C)/8⌉ B of codes, then u32 values of its code-2 cells
/// ```
/// All integers little-endian. A position's row is read with its two offsets, so the join still
/// reads only the served positions: header and constants once, then per run of positions its
/// item records, offsets and rows.
public enum CompactFeatureLogFormat {
    /// The layout version written in the header.
    public static let formatVersion: UInt32 = 2
    static let magic: [UInt8] = Array("PFL2".utf8)
    static let canonicalNaN: UInt32 = 0x7fc0_0000

    /// The header and constants of a log: enough to locate and decode any row.
    public struct Layout: Sendable {
        public var featureCount: Int
        public var itemCount: Int
        /// Bytes of the constants section (read right after the header).
        public var constantsSize: Int
        /// For each column, its constant value's bits, or `nil` when rows carry it.
        public var constants: [UInt32?] = []
        /// Columns the rows carry (`constants` that are `nil`).
        public var carriedCount = 0

        /// Offset of the item record of `position`.
        public func itemOffset(position: Int) -> Int {
            FeatureLogFormat.headerSize + constantsSize + FeatureLogFormat.itemRecordSize * position
        }

        /// Offset of the row offset of `position` (`position == itemCount`: the end).
        public func rowOffsetOffset(position: Int) -> Int { itemOffset(position: itemCount) + 4 * position }

        /// Offset of the rows section.
        public var rowsOffset: Int { rowOffsetOffset(position: itemCount + 1) }
    }

    /// Encodes the feed `items` (in position order) with the feature rows of `matrix` (`rowOf[i]`
    /// is item `i`'s row). Written in place into one buffer of the largest possible size (the
    /// generator encodes 500 × 70 values per feed: per-value appends cost more than the bytes saved).
    public static func encode(
        generation: GenerationID, items: [RankedItem], matrix: FeatureMatrix, rowOf: [Int],
        schemaVersion: Int = FeatureSchema.current.version
    ) -> [UInt8] {
        let featureCount = matrix.columnCount
        return matrix.values.withUnsafeBufferPointer { values -> [UInt8] in
            // Feed-constant columns: those where every row equals the first (the candidates shrink
            // to the ≈ 12 constant ones within a few rows, so this is ≈ 12 comparisons a row).
            var constantColumns: [Int] = rowOf.isEmpty ? [] : Array(0..<featureCount)
            if let first = rowOf.first {
                let firstBase = first * featureCount
                for row in rowOf.dropFirst() where !constantColumns.isEmpty {
                    let base = row * featureCount
                    constantColumns.removeAll { values[base + $0].bitPattern != values[firstBase + $0].bitPattern }
                }
            }
            var isConstant = [Bool](repeating: false, count: featureCount)
            for column in constantColumns { isConstant[column] = true }
            let carried = (0..<featureCount).filter { !isConstant[$0] }
            let codeBytes = (2 * carried.count + 7) / 8
            let bitmapBytes = (featureCount + 7) / 8
            let headerSize = FeatureLogFormat.headerSize
            let itemsStart = headerSize + bitmapBytes + 4 * constantColumns.count
            let offsetsStart = itemsStart + FeatureLogFormat.itemRecordSize * items.count
            let rowsStart = offsetsStart + 4 * (rowOf.count + 1)
            let capacity = rowsStart + rowOf.count * (codeBytes + 4 * carried.count)

            var prefix: [UInt8] = []
            prefix.reserveCapacity(itemsStart + FeatureLogFormat.itemRecordSize * items.count)
            prefix.append(contentsOf: magic)
            FeatureLogFormat.append(formatVersion, to: &prefix)
            FeatureLogFormat.append(UInt32(featureCount), to: &prefix)
            FeatureLogFormat.append(UInt32(items.count), to: &prefix)
            FeatureLogFormat.append(generation.rawValue, to: &prefix)
            FeatureLogFormat.append(UInt32(schemaVersion), to: &prefix)
            FeatureLogFormat.append(UInt32(constantColumns.count), to: &prefix)
            var bitmap = [UInt8](repeating: 0, count: bitmapBytes)
            for column in constantColumns { bitmap[column / 8] |= 1 << UInt8(column % 8) }
            prefix.append(contentsOf: bitmap)
            if let first = rowOf.first {
                for column in constantColumns { FeatureLogFormat.append(values[first * featureCount + column].bitPattern, to: &prefix) }
            }
            FeatureLogFormat.appendItems(items, to: &prefix)

            return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                let out = UnsafeMutableRawBufferPointer(buffer)
                precondition(prefix.count == offsetsStart, "feature log prefix size")
                prefix.withUnsafeBytes { out.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                var rowAt = 0  // relative to rowsStart
                carried.withUnsafeBufferPointer { columns in
                    for (index, row) in rowOf.enumerated() {
                        out.storeBytes(of: UInt32(rowAt).littleEndian, toByteOffset: offsetsStart + 4 * index, as: UInt32.self)
                        let base = row * featureCount
                        var codeAt = rowsStart + rowAt
                        var valueAt = codeAt + codeBytes
                        var codes: UInt8 = 0
                        var slot = 0
                        for column in columns {
                            // Branch-free (zeros, NaNs and values alternate unpredictably): the
                            // value is always stored and kept only when it is one; a stray store
                            // lands where the next bytes will go, and never past the capacity.
                            let value = values[base + column].bitPattern
                            let isValue = value != 0 && value != canonicalNaN
                            let code: UInt8 = value == 0 ? 0 : (isValue ? 2 : 1)
                            codes |= code << UInt8(2 * (slot & 3))
                            out.storeBytes(of: value.littleEndian, toByteOffset: valueAt, as: UInt32.self)
                            valueAt += isValue ? 4 : 0
                            slot += 1
                            if slot & 3 == 0 {
                                out[codeAt] = codes
                                codeAt += 1
                                codes = 0
                            }
                        }
                        if slot & 3 != 0 { out[codeAt] = codes }
                        rowAt = valueAt - rowsStart
                    }
                }
                out.storeBytes(of: UInt32(rowAt).littleEndian, toByteOffset: offsetsStart + 4 * rowOf.count, as: UInt32.self)
                initialized = rowsStart + rowAt
            }
        }
    }

    /// The fixed header's counts and the size of the constants section, or `nil` unless `bytes`
    /// is the 32-byte header of a format-2 log of `generation`.
    public static func header(_ bytes: [UInt8], generation: GenerationID) -> Layout? {
        guard bytes.count == FeatureLogFormat.headerSize, Array(bytes[0..<4]) == magic,
            FeatureLogFormat.readUInt32(bytes, 4) == formatVersion,
            FeatureLogFormat.readUInt64(bytes, 16) == generation.rawValue
        else { return nil }
        let featureCount = Int(FeatureLogFormat.readUInt32(bytes, 8))
        let constantCount = Int(FeatureLogFormat.readUInt32(bytes, 28))
        guard featureCount > 0, constantCount <= featureCount else { return nil }
        return Layout(
            featureCount: featureCount, itemCount: Int(FeatureLogFormat.readUInt32(bytes, 12)),
            constantsSize: (featureCount + 7) / 8 + 4 * constantCount)
    }

    /// Fills `layout.constants` from the constants section; `false` when malformed.
    public static func readConstants(_ bytes: [UInt8], into layout: inout Layout) -> Bool {
        guard bytes.count == layout.constantsSize else { return false }
        var constants = [UInt32?](repeating: nil, count: layout.featureCount)
        var next = (layout.featureCount + 7) / 8
        for column in 0..<layout.featureCount where bytes[column / 8] & (1 << UInt8(column % 8)) != 0 {
            guard next + 4 <= bytes.count else { return false }
            constants[column] = FeatureLogFormat.readUInt32(bytes, next)
            next += 4
        }
        guard next == bytes.count else { return false }
        layout.constants = constants
        layout.carriedCount = constants.lazy.filter { $0 == nil }.count
        return true
    }

    /// The features of one row (`bytes`: exactly the row, between its two offsets); `nil` when malformed.
    public static func decodeRow(_ bytes: ArraySlice<UInt8>, layout: Layout) -> [Float]? {
        let codeBytes = (2 * layout.carriedCount + 7) / 8
        guard bytes.count >= codeBytes else { return nil }
        var features: [Float] = []
        features.reserveCapacity(layout.featureCount)
        var carriedIndex = 0
        var valueAt = bytes.startIndex + codeBytes
        for column in 0..<layout.featureCount {
            if let constant = layout.constants[column] {
                features.append(Float(bitPattern: constant))
                continue
            }
            let code = (bytes[bytes.startIndex + carriedIndex / 4] >> UInt8(2 * (carriedIndex % 4))) & 3
            carriedIndex += 1
            switch code {
            case 0: features.append(Float(bitPattern: 0))
            case 1: features.append(Float(bitPattern: canonicalNaN))
            case 2:
                guard valueAt + 4 <= bytes.endIndex else { return nil }
                var value: UInt32 = 0
                for index in 0..<4 { value |= UInt32(bytes[valueAt + index]) << (8 * index) }
                features.append(Float(bitPattern: value))
                valueAt += 4
            default: return nil
            }
        }
        return valueAt == bytes.endIndex ? features : nil
    }

    /// The logged entries of `run` from its item records, its `run.count + 1` row offsets and the
    /// rows between the first and the last offset, as read; malformed positions are left out.
    static func entries(
        run: ClosedRange<Int>, records: [UInt8], rowOffsets: [Int], rows: [UInt8], layout: Layout
    ) -> [Int: FeatureLogReader.Entry] {
        let items = FeatureLogFormat.decodeItems(records)
        guard let base = rowOffsets.first else { return [:] }
        var entries: [Int: FeatureLogReader.Entry] = [:]
        for (index, position) in run.enumerated() {
            let start = rowOffsets[index] - base
            let end = rowOffsets[index + 1] - base
            guard index < items.count, start <= end, end <= rows.count,
                let features = decodeRow(rows[start..<end], layout: layout)
            else { continue }
            entries[position] = FeatureLogReader.Entry(post: items[index].post, features: features)
        }
        return entries
    }

    /// Decodes a whole log (tests and tools); `nil` when malformed.
    public static func decode(_ bytes: [UInt8]) -> FeatureLogFormat.Log? {
        guard bytes.count >= FeatureLogFormat.headerSize else { return nil }
        let generation = GenerationID(FeatureLogFormat.readUInt64(bytes, 16))
        guard var layout = header(Array(bytes[0..<FeatureLogFormat.headerSize]), generation: generation),
            bytes.count >= layout.rowsOffset,
            readConstants(Array(bytes[FeatureLogFormat.headerSize..<(FeatureLogFormat.headerSize + layout.constantsSize)]), into: &layout)
        else { return nil }
        var items: [FeatureLogFormat.Item] = []
        var features: [Float] = []
        for position in 0..<layout.itemCount {
            guard let item = FeatureLogFormat.decodeItem(bytes, at: layout.itemOffset(position: position)) else { return nil }
            items.append(item)
            let start = layout.rowsOffset + Int(FeatureLogFormat.readUInt32(bytes, layout.rowOffsetOffset(position: position)))
            let end = layout.rowsOffset + Int(FeatureLogFormat.readUInt32(bytes, layout.rowOffsetOffset(position: position + 1)))
            guard start <= end, end <= bytes.count, let row = decodeRow(bytes[start..<end], layout: layout) else { return nil }
            features += row
        }
        return FeatureLogFormat.Log(
            generation: generation, schemaVersion: Int(FeatureLogFormat.readUInt32(bytes, 24)),
            featureCount: layout.featureCount, items: items, features: features)
    }
}

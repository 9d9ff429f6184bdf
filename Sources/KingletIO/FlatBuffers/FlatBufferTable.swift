/// One table inside a FlatBuffer, read through its vtable.
///
/// Fields are addressed by id, the order they are declared in the schema (counting a
/// union as two fields: its type byte, then its value). An absent field reads as the
/// default the caller supplies, or `nil` for offsets; a present field must lie inside the
/// table, and whatever it points to must lie inside the buffer.
public struct FlatBufferTable {
    /// The reader this table belongs to (for copying data stored outside the tables).
    public let reader: FlatBufferReader
    /// Offset of the table in the buffer (where its vtable offset is stored).
    public let position: Int
    /// Nesting depth below the root table (0 for the root).
    public let depth: Int
    let vtable: Int
    let vtableSize: Int
    let inlineSize: Int

    init(reader: FlatBufferReader, position: Int, depth: Int, vtable: Int, vtableSize: Int, inlineSize: Int) {
        self.reader = reader
        self.position = position
        self.depth = depth
        self.vtable = vtable
        self.vtableSize = vtableSize
        self.inlineSize = inlineSize
    }

    /// Number of field slots the vtable has; fields past it are absent.
    public var fieldSlotCount: Int { (vtableSize - 4) / 2 }

    /// Whether field `id` is stored (a field equal to its default is usually omitted).
    public func hasField(_ id: Int) -> Bool {
        (try? slot(id)) != nil
    }

    /// Offset of field `id` from the table start, or `nil` when the field is absent.
    private func slot(_ id: Int) throws(IOError) -> Int? {
        precondition(id >= 0, "FlatBuffer field ids are non-negative")
        guard id < fieldSlotCount else { return nil }
        // The vtable was checked to lie inside the buffer when the table was opened.
        let relative = Int(try reader.buffer.getUInt16(at: vtable + 4 + 2 * id, endianness: .little))
        return relative == 0 ? nil : relative
    }

    /// Absolute offset of field `id`'s inline bytes, checking `size` bytes fit in the table.
    public func fieldPosition(_ id: Int, size: Int) throws(IOError) -> Int? {
        guard let relative = try slot(id) else { return nil }
        guard relative >= 4, relative + size <= inlineSize else {
            throw .invalidFlatBuffer(
                offset: position, field: id,
                reason: "\(size)-byte field at table offset \(relative) lies outside the \(inlineSize)-byte table")
        }
        return position + relative
    }

    // MARK: Scalars

    /// The integer field `id`, or `defaultValue` when absent.
    public func scalar<T: FixedWidthInteger>(_ id: Int, default defaultValue: T) throws(IOError) -> T {
        guard let at = try fieldPosition(id, size: MemoryLayout<T>.size) else { return defaultValue }
        return try reader.buffer.getInteger(at: at, endianness: .little)
    }

    /// The boolean field `id` (any non-zero byte is true), or `defaultValue` when absent.
    public func bool(_ id: Int, default defaultValue: Bool) throws(IOError) -> Bool {
        guard let at = try fieldPosition(id, size: 1) else { return defaultValue }
        return try reader.buffer.getUInt8(at: at) != 0
    }

    public func float32(_ id: Int, default defaultValue: Float) throws(IOError) -> Float {
        guard let at = try fieldPosition(id, size: 4) else { return defaultValue }
        return try reader.buffer.getFloat32(at: at, endianness: .little)
    }

    public func float64(_ id: Int, default defaultValue: Double) throws(IOError) -> Double {
        guard let at = try fieldPosition(id, size: 8) else { return defaultValue }
        return try reader.buffer.getFloat64(at: at, endianness: .little)
    }

    // MARK: References

    /// Where the offset stored in field `id` points, or `nil` when the field is absent.
    private func target(_ id: Int) throws(IOError) -> Int? {
        guard let at = try fieldPosition(id, size: 4) else { return nil }
        return try reader.followOffset(at: at, table: position, field: id)
    }

    /// The sub-table in field `id`, or `nil` when absent.
    public func table(_ id: Int) throws(IOError) -> FlatBufferTable? {
        guard let at = try target(id) else { return nil }
        do {
            return try reader.table(at: at, depth: depth + 1)
        } catch {
            throw error.inField(id, ofTableAt: position)
        }
    }

    /// The vector in field `id` with `elementSize`-byte elements, or `nil` when absent.
    /// Its length is checked against the bytes left in the buffer.
    public func vector(_ id: Int, elementSize: Int) throws(IOError) -> FlatBufferVector? {
        guard let at = try target(id) else { return nil }
        return try reader.vector(at: at, elementSize: elementSize, depth: depth, table: position, field: id)
    }

    /// The string in field `id`, or `nil` when absent.
    public func string(_ id: Int) throws(IOError) -> String? {
        guard let at = try target(id) else { return nil }
        return try reader.string(at: at, table: position, field: id)
    }

    /// The union whose type byte is field `typeFieldID` and whose value is the next field.
    /// Returns `nil` when the type is 0 (NONE); a non-zero type without a value is an error.
    public func union(typeFieldID: Int) throws(IOError) -> FlatBufferUnion? {
        let type: UInt8 = try scalar(typeFieldID, default: 0)
        guard type != 0 else { return nil }
        guard let value = try table(typeFieldID + 1) else {
            throw .invalidFlatBuffer(offset: position, field: typeFieldID + 1,
                                     reason: "union type is \(type) but its value is missing")
        }
        return FlatBufferUnion(type: type, table: value)
    }

    // MARK: Vector conveniences

    /// The vector of integers in field `id`, or `nil` when absent.
    public func scalarVector<T: FixedWidthInteger>(_ id: Int, as _: T.Type = T.self) throws(IOError) -> [T]? {
        try vector(id, elementSize: MemoryLayout<T>.size)?.scalars(as: T.self)
    }

    public func float32Vector(_ id: Int) throws(IOError) -> [Float]? {
        try vector(id, elementSize: 4)?.float32s()
    }

    public func byteVector(_ id: Int) throws(IOError) -> [UInt8]? {
        try vector(id, elementSize: 1)?.bytes()
    }

    /// The vector of tables in field `id`; open elements with `table(at:)`.
    public func tableVector(_ id: Int) throws(IOError) -> FlatBufferVector? {
        try vector(id, elementSize: 4)
    }

    public func stringVector(_ id: Int) throws(IOError) -> [String]? {
        guard let vector = try vector(id, elementSize: 4) else { return nil }
        var strings: [String] = []
        for index in 0..<vector.count {
            strings.append(try vector.string(at: index))
        }
        return strings
    }
}

extension IOError {
    /// Attaches a field to a FlatBuffer error that was raised without one.
    func inField(_ field: Int, ofTableAt table: Int) -> IOError {
        if case let .invalidFlatBuffer(offset, nil, reason) = self {
            return .invalidFlatBuffer(offset: table, field: field, reason: "table at \(offset): \(reason)")
        }
        return self
    }
}

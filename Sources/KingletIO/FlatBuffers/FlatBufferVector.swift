/// A vector inside a FlatBuffer: a 32-bit length followed by fixed-size elements.
///
/// The element size is given by the caller when the vector is opened, and the whole
/// vector was then checked to fit in the buffer; element accessors still check indices.
public struct FlatBufferVector {
    let reader: FlatBufferReader
    /// Offset of the length prefix in the buffer.
    public let position: Int
    public let count: Int
    public let elementSize: Int
    /// Depth of the table that holds the vector; tables inside are one deeper.
    let depth: Int

    init(reader: FlatBufferReader, position: Int, count: Int, elementSize: Int, depth: Int) {
        self.reader = reader
        self.position = position
        self.count = count
        self.elementSize = elementSize
        self.depth = depth
    }

    /// Offset of the first element.
    public var elementsStart: Int { position + 4 }

    public var isEmpty: Bool { count == 0 }

    private func elementPosition(_ index: Int) throws(IOError) -> Int {
        guard index >= 0, index < count else {
            throw .invalidFlatBuffer(offset: position, field: nil,
                                     reason: "element \(index) requested from a vector of \(count)")
        }
        return elementsStart + index * elementSize
    }

    // MARK: Scalars

    public func scalar<T: FixedWidthInteger>(at index: Int, as _: T.Type = T.self) throws(IOError) -> T {
        precondition(MemoryLayout<T>.size == elementSize, "vector element size mismatch")
        return try reader.buffer.getInteger(at: try elementPosition(index), endianness: .little)
    }

    /// All elements as integers of type `T` (whose size must be the element size).
    public func scalars<T: FixedWidthInteger>(as _: T.Type = T.self) throws(IOError) -> [T] {
        precondition(MemoryLayout<T>.size == elementSize, "vector element size mismatch")
        try reader.charge(count * elementSize)
        return try reader.buffer.getIntegers(at: elementsStart, count: count, endianness: .little)
    }

    /// All elements as IEEE-754 single-precision values.
    public func float32s() throws(IOError) -> [Float] {
        try scalars(as: UInt32.self).map(Float.init(bitPattern:))
    }

    /// A copy of the elements' bytes (for `[ubyte]` vectors, the bytes themselves).
    public func bytes() throws(IOError) -> [UInt8] {
        try reader.charge(count * elementSize)
        return try reader.buffer.getBytes(at: elementsStart, count: count * elementSize)
    }

    /// The elements' bytes without copying (nothing is charged against the decode limit).
    public func byteSlice() throws(IOError) -> ArraySlice<UInt8> {
        try reader.buffer.getSlice(at: elementsStart, count: count * elementSize)
    }

    // MARK: References

    /// The table that element `index` (a 32-bit offset) points to.
    public func table(at index: Int) throws(IOError) -> FlatBufferTable {
        precondition(elementSize == 4, "a vector of tables has 4-byte elements")
        let at = try elementPosition(index)
        let target = try reader.followOffset(at: at, table: position, field: nil)
        return try reader.table(at: target, depth: depth + 1)
    }

    /// The string that element `index` (a 32-bit offset) points to.
    public func string(at index: Int) throws(IOError) -> String {
        precondition(elementSize == 4, "a vector of strings has 4-byte elements")
        let at = try elementPosition(index)
        let target = try reader.followOffset(at: at, table: position, field: nil)
        return try reader.string(at: target, table: position, field: nil)
    }
}

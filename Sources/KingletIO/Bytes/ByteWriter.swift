/// Builds a byte buffer by appending fixed-width values with an explicit byte order.
///
/// `write…` methods append; `set…(at:)` methods patch bytes already written (for sizes
/// and offsets known only later) and throw if the patch would reach past the end.
public struct ByteWriter: Sendable {
    /// Everything written so far.
    public private(set) var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(max(0, capacity))
    }

    /// Number of bytes written so far; also the offset the next write lands at.
    public var count: Int { bytes.count }

    // MARK: Appending

    @inline(__always)
    public mutating func writeInteger<T: FixedWidthInteger>(_ value: T, endianness: Endianness) {
        let stored = endianness == .little ? value.littleEndian : value.bigEndian
        withUnsafeBytes(of: stored) { bytes.append(contentsOf: $0) }
    }

    public mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    public mutating func writeInt8(_ value: Int8) {
        bytes.append(UInt8(bitPattern: value))
    }

    public mutating func writeUInt16(_ value: UInt16, endianness: Endianness) {
        writeInteger(value, endianness: endianness)
    }

    public mutating func writeInt16(_ value: Int16, endianness: Endianness) {
        writeInteger(value, endianness: endianness)
    }

    public mutating func writeUInt32(_ value: UInt32, endianness: Endianness) {
        writeInteger(value, endianness: endianness)
    }

    public mutating func writeInt32(_ value: Int32, endianness: Endianness) {
        writeInteger(value, endianness: endianness)
    }

    public mutating func writeUInt64(_ value: UInt64, endianness: Endianness) {
        writeInteger(value, endianness: endianness)
    }

    public mutating func writeInt64(_ value: Int64, endianness: Endianness) {
        writeInteger(value, endianness: endianness)
    }

    public mutating func writeFloat32(_ value: Float, endianness: Endianness) {
        writeInteger(value.bitPattern, endianness: endianness)
    }

    public mutating func writeFloat64(_ value: Double, endianness: Endianness) {
        writeInteger(value.bitPattern, endianness: endianness)
    }

    public mutating func writeIntegers<T: FixedWidthInteger>(_ values: [T], endianness: Endianness) {
        bytes.reserveCapacity(bytes.count + values.count * MemoryLayout<T>.size)
        for value in values {
            writeInteger(value, endianness: endianness)
        }
    }

    public mutating func writeFloat32s(_ values: [Float], endianness: Endianness) {
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for value in values {
            writeInteger(value.bitPattern, endianness: endianness)
        }
    }

    public mutating func writeBytes<S: Sequence>(_ values: S) where S.Element == UInt8 {
        bytes.append(contentsOf: values)
    }

    /// Appends the UTF-8 encoding of `string` with no length prefix or terminator.
    public mutating func writeUTF8(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    /// Appends `count` copies of `byte`.
    public mutating func writeRepeating(_ byte: UInt8, count: Int) {
        precondition(count >= 0, "ByteWriter.writeRepeating: negative count \(count)")
        bytes.append(contentsOf: repeatElement(byte, count: count))
    }

    /// Appends `byte` until `count` is a multiple of `alignment`; returns how many were added.
    @discardableResult
    public mutating func pad(toMultipleOf alignment: Int, with byte: UInt8 = 0) -> Int {
        precondition(alignment > 0, "ByteWriter.pad: alignment must be positive, got \(alignment)")
        let padding = (alignment - count % alignment) % alignment
        writeRepeating(byte, count: padding)
        return padding
    }

    // MARK: Patching

    /// Overwrites the bytes at `offset` with `value`; the range must already be written.
    public mutating func setInteger<T: FixedWidthInteger>(
        _ value: T, at offset: Int, endianness: Endianness
    ) throws(IOError) {
        let stored = endianness == .little ? value.littleEndian : value.bigEndian
        try withUnsafeBytes(of: stored) { (raw) throws(IOError) in
            try setBytes(raw, at: offset)
        }
    }

    public mutating func setFloat32(_ value: Float, at offset: Int, endianness: Endianness) throws(IOError) {
        try setInteger(value.bitPattern, at: offset, endianness: endianness)
    }

    /// Overwrites `values.count` bytes at `offset`; the range must already be written.
    public mutating func setBytes<C: Collection>(_ values: C, at offset: Int) throws(IOError)
    where C.Element == UInt8 {
        let length = values.count
        guard offset >= 0, offset <= count, length <= count - offset else {
            throw .outOfBounds(offset: offset, needed: length, available: offset >= 0 ? max(0, count - offset) : 0)
        }
        bytes.replaceSubrange(offset..<(offset + length), with: values)
    }
}

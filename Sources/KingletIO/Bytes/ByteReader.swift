/// A cursor over bytes that reads fixed-width values with an explicit byte order.
///
/// `read…` methods consume bytes and advance `readerIndex`; `get…(at:)` methods read at
/// an absolute offset and leave the reader where it is. Offsets are relative to the start
/// of the window the reader was created over. Loads copy the bytes into a local value, so
/// data at any alignment is safe to read. Running short throws `IOError.outOfBounds`
/// with the offset and the number of bytes needed; nothing here traps on input.
public struct ByteReader: Sendable {
    /// The bytes this reader sees. Index 0 of the window is `bytes.startIndex`.
    public let bytes: ArraySlice<UInt8>

    /// Offset (from the start of the window) of the next byte a `read…` call consumes.
    public private(set) var readerIndex: Int = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes[...]
    }

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// Number of bytes in the window.
    public var count: Int { bytes.count }

    /// Bytes left between `readerIndex` and the end of the window.
    public var readableBytes: Int { count - readerIndex }

    public var isAtEnd: Bool { readerIndex >= count }

    // MARK: Bounds

    /// Throws unless `count` bytes starting at `offset` lie inside the window.
    @inline(__always)
    public func checkBounds(at offset: Int, count needed: Int) throws(IOError) {
        guard offset >= 0, needed >= 0, offset <= count, needed <= count &- offset else {
            throw .outOfBounds(offset: offset, needed: needed,
                               available: offset >= 0 ? max(0, count &- offset) : 0)
        }
    }

    /// Moves the cursor to an absolute offset (the end of the window is allowed).
    public mutating func moveReaderIndex(to offset: Int) throws(IOError) {
        try checkBounds(at: offset, count: 0)
        readerIndex = offset
    }

    /// Skips `count` bytes.
    public mutating func moveReaderIndex(forwardBy count: Int) throws(IOError) {
        try checkBounds(at: readerIndex, count: count)
        readerIndex += count
    }

    // MARK: Generic scalars

    /// The integer of type `T` stored at `offset` in the given byte order.
    @inline(__always)
    public func getInteger<T: FixedWidthInteger>(
        at offset: Int, endianness: Endianness, as _: T.Type = T.self
    ) throws(IOError) -> T {
        try checkBounds(at: offset, count: MemoryLayout<T>.size)
        let stored = bytes.withUnsafeBytes { raw in
            raw.loadUnaligned(fromByteOffset: offset, as: T.self)
        }
        switch endianness {
        case .little: return T(littleEndian: stored)
        case .big: return T(bigEndian: stored)
        }
    }

    /// Reads an integer of type `T` at `readerIndex` and advances past it.
    @inline(__always)
    public mutating func readInteger<T: FixedWidthInteger>(
        endianness: Endianness, as _: T.Type = T.self
    ) throws(IOError) -> T {
        let value: T = try getInteger(at: readerIndex, endianness: endianness)
        readerIndex += MemoryLayout<T>.size
        return value
    }

    /// `count` integers of type `T` stored back to back from `offset`.
    ///
    /// The whole range is checked before the array is allocated, so a hostile count
    /// cannot make this allocate more than the window holds.
    public func getIntegers<T: FixedWidthInteger>(
        at offset: Int, count elementCount: Int, endianness: Endianness, as _: T.Type = T.self
    ) throws(IOError) -> [T] {
        let size = MemoryLayout<T>.size
        let (byteCount, overflow) = elementCount.multipliedReportingOverflow(by: size)
        guard elementCount >= 0, !overflow else {
            throw .outOfBounds(offset: offset, needed: overflow ? Int.max : elementCount,
                               available: max(0, count - max(0, offset)))
        }
        try checkBounds(at: offset, count: byteCount)
        return bytes.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: elementCount) { buffer, initialized in
                for index in 0..<elementCount {
                    let stored = raw.loadUnaligned(fromByteOffset: offset + index * size, as: T.self)
                    buffer[index] = endianness == .little ? T(littleEndian: stored) : T(bigEndian: stored)
                }
                initialized = elementCount
            }
        }
    }

    /// Reads `count` integers of type `T` and advances past them.
    public mutating func readIntegers<T: FixedWidthInteger>(
        count elementCount: Int, endianness: Endianness, as _: T.Type = T.self
    ) throws(IOError) -> [T] {
        let values: [T] = try getIntegers(at: readerIndex, count: elementCount, endianness: endianness)
        readerIndex += elementCount * MemoryLayout<T>.size
        return values
    }

    // MARK: Bytes

    /// A copy of `count` bytes starting at `offset`.
    public func getBytes(at offset: Int, count byteCount: Int) throws(IOError) -> [UInt8] {
        Array(try getSlice(at: offset, count: byteCount))
    }

    /// `count` bytes starting at `offset`, sharing storage with the reader.
    public func getSlice(at offset: Int, count byteCount: Int) throws(IOError) -> ArraySlice<UInt8> {
        try checkBounds(at: offset, count: byteCount)
        let start = bytes.startIndex + offset
        return bytes[start..<(start + byteCount)]
    }

    public mutating func readBytes(count byteCount: Int) throws(IOError) -> [UInt8] {
        let value = try getBytes(at: readerIndex, count: byteCount)
        readerIndex += byteCount
        return value
    }

    public mutating func readSlice(count byteCount: Int) throws(IOError) -> ArraySlice<UInt8> {
        let value = try getSlice(at: readerIndex, count: byteCount)
        readerIndex += byteCount
        return value
    }
}

// Named accessors for the fixed-width types formats use, so call sites read like the
// format's own description ("u32 length, little-endian").
extension ByteReader {
    // MARK: get (does not move the reader)

    public func getUInt8(at offset: Int) throws(IOError) -> UInt8 {
        try getInteger(at: offset, endianness: .little)
    }

    public func getInt8(at offset: Int) throws(IOError) -> Int8 {
        try getInteger(at: offset, endianness: .little)
    }

    public func getUInt16(at offset: Int, endianness: Endianness) throws(IOError) -> UInt16 {
        try getInteger(at: offset, endianness: endianness)
    }

    public func getInt16(at offset: Int, endianness: Endianness) throws(IOError) -> Int16 {
        try getInteger(at: offset, endianness: endianness)
    }

    public func getUInt32(at offset: Int, endianness: Endianness) throws(IOError) -> UInt32 {
        try getInteger(at: offset, endianness: endianness)
    }

    public func getInt32(at offset: Int, endianness: Endianness) throws(IOError) -> Int32 {
        try getInteger(at: offset, endianness: endianness)
    }

    public func getUInt64(at offset: Int, endianness: Endianness) throws(IOError) -> UInt64 {
        try getInteger(at: offset, endianness: endianness)
    }

    public func getInt64(at offset: Int, endianness: Endianness) throws(IOError) -> Int64 {
        try getInteger(at: offset, endianness: endianness)
    }

    public func getFloat32(at offset: Int, endianness: Endianness) throws(IOError) -> Float {
        Float(bitPattern: try getInteger(at: offset, endianness: endianness))
    }

    public func getFloat64(at offset: Int, endianness: Endianness) throws(IOError) -> Double {
        Double(bitPattern: try getInteger(at: offset, endianness: endianness))
    }

    /// `count` IEEE-754 single-precision values stored back to back from `offset`.
    public func getFloat32s(at offset: Int, count: Int, endianness: Endianness) throws(IOError) -> [Float] {
        try getIntegers(at: offset, count: count, endianness: endianness, as: UInt32.self)
            .map(Float.init(bitPattern:))
    }

    /// `count` IEEE-754 double-precision values stored back to back from `offset`.
    public func getFloat64s(at offset: Int, count: Int, endianness: Endianness) throws(IOError) -> [Double] {
        try getIntegers(at: offset, count: count, endianness: endianness, as: UInt64.self)
            .map(Double.init(bitPattern:))
    }

    // MARK: read (advances the reader)

    public mutating func readUInt8() throws(IOError) -> UInt8 {
        try readInteger(endianness: .little)
    }

    public mutating func readInt8() throws(IOError) -> Int8 {
        try readInteger(endianness: .little)
    }

    public mutating func readUInt16(endianness: Endianness) throws(IOError) -> UInt16 {
        try readInteger(endianness: endianness)
    }

    public mutating func readInt16(endianness: Endianness) throws(IOError) -> Int16 {
        try readInteger(endianness: endianness)
    }

    public mutating func readUInt32(endianness: Endianness) throws(IOError) -> UInt32 {
        try readInteger(endianness: endianness)
    }

    public mutating func readInt32(endianness: Endianness) throws(IOError) -> Int32 {
        try readInteger(endianness: endianness)
    }

    public mutating func readUInt64(endianness: Endianness) throws(IOError) -> UInt64 {
        try readInteger(endianness: endianness)
    }

    public mutating func readInt64(endianness: Endianness) throws(IOError) -> Int64 {
        try readInteger(endianness: endianness)
    }

    public mutating func readFloat32(endianness: Endianness) throws(IOError) -> Float {
        Float(bitPattern: try readInteger(endianness: endianness))
    }

    public mutating func readFloat64(endianness: Endianness) throws(IOError) -> Double {
        Double(bitPattern: try readInteger(endianness: endianness))
    }

    public mutating func readFloat32s(count: Int, endianness: Endianness) throws(IOError) -> [Float] {
        try readIntegers(count: count, endianness: endianness, as: UInt32.self).map(Float.init(bitPattern:))
    }
}

// HDF5 stores many unsigned fields in a width the file chooses (offsets, lengths, chunk
// dimensions, heap IDs), always little-endian.
extension ByteReader {
    /// The unsigned little-endian value of `size` bytes (0 to 8) at `offset`.
    func getUnsigned(at offset: Int, size: Int) throws(IOError) -> UInt64 {
        guard (0...8).contains(size) else {
            throw .invalidHDF5(path: "", reason: "field of \(size) bytes at offset \(offset) (expected at most 8)")
        }
        try checkBounds(at: offset, count: size)
        var value: UInt64 = 0
        for index in 0..<size {
            value |= UInt64(try getUInt8(at: offset + index)) << (8 * UInt64(index))
        }
        return value
    }
}

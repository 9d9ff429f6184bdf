/// The whole file plus the sizes the superblock fixed: everything needed to turn a
/// stored address into a bounds-checked offset and to read offsets and lengths.
///
/// Offsets in errors are absolute positions in the file (`reader` covers all of it).
struct HDF5Context: Sendable {
    let reader: ByteReader
    /// Bytes in a stored address ("size of offsets"): 2, 4 or 8.
    let offsetSize: Int
    /// Bytes in a stored length ("size of lengths"): 2, 4 or 8.
    let lengthSize: Int
    /// Absolute position every stored address is relative to.
    let baseAddress: Int

    var fileSize: Int { reader.count }

    /// Reads an unsigned little-endian value of `size` bytes (0...8).
    func getSized(at offset: Int, size: Int) throws(IOError) -> UInt64 {
        try reader.getUnsigned(at: offset, size: size)
    }

    /// An address field: `nil` when it holds the "undefined address" (all bits set).
    func getAddress(at offset: Int) throws(IOError) -> UInt64? {
        let raw = try getSized(at: offset, size: offsetSize)
        let undefined: UInt64 = offsetSize == 8 ? .max : (1 << UInt64(offsetSize * 8)) - 1
        return raw == undefined ? nil : raw
    }

    /// A length field, which must fit in `Int`.
    func getLength(at offset: Int, path: String) throws(IOError) -> Int {
        let raw = try getSized(at: offset, size: lengthSize)
        guard raw <= UInt64(Int.max) else {
            throw .invalidHDF5(path: path, reason: "length \(raw) at offset \(offset) is too large")
        }
        return Int(raw)
    }

    /// The absolute file offset of `address`, checked to lie inside the file with at
    /// least `needed` bytes after it.
    func resolve(_ address: UInt64?, needed: Int = 0, path: String, what: String) throws(IOError) -> Int {
        guard let address else {
            throw .invalidHDF5(path: path, reason: "\(what) has the undefined address")
        }
        let (absolute, overflow) = UInt64(baseAddress).addingReportingOverflow(address)
        guard !overflow, absolute <= UInt64(fileSize), needed >= 0,
              UInt64(needed) <= UInt64(fileSize) - absolute else {
            throw .invalidHDF5(path: path, reason: "\(what) at address \(address) (+\(needed) bytes) "
                + "lies outside the \(fileSize)-byte file")
        }
        return Int(absolute)
    }

    /// Checks the signature at `offset`.
    func expectSignature(_ signature: String, at offset: Int, path: String) throws(IOError) {
        let expected = Array(signature.utf8)
        let found = try reader.getBytes(at: offset, count: expected.count)
        guard found == expected else {
            throw .invalidHDF5(path: path, reason: "expected signature '\(signature)' at offset \(offset), "
                + "found \(found.map { String($0, radix: 16) })")
        }
    }

    /// Verifies the lookup3 checksum stored right after `length` bytes from `start`.
    func verifyChecksum(start: Int, length: Int, path: String, what: String) throws(IOError) {
        let covered = try reader.getSlice(at: start, count: length)
        let stored = try reader.getUInt32(at: start + length, endianness: .little)
        let computed = JenkinsLookup3.hash(covered)
        guard stored == computed else {
            throw .invalidHDF5(path: path, reason: "\(what) at offset \(start): checksum mismatch "
                + "(stored \(stored), computed \(computed))")
        }
    }
}

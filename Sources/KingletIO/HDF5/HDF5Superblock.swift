/// The superblock: where the file's format version, address sizes and root group live.
///
/// It starts at offset 0 or at 512, 1024, 2048, … (after a user block), found by its
/// 8-byte signature.
struct HDF5Superblock: Sendable {
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    let version: Int
    let context: HDF5Context
    /// Absolute offset of the root group's object header.
    let rootObjectHeader: Int

    init(bytes: [UInt8]) throws(IOError) {
        let reader = ByteReader(bytes)
        var start = 0
        while true {
            guard start + 8 <= bytes.count else {
                throw .invalidHDF5(path: "", reason: "no HDF5 superblock signature at offset 0 "
                    + "or any power of two from 512 in the \(bytes.count)-byte file")
            }
            if try reader.getBytes(at: start, count: 8) == Self.signature { break }
            start = start == 0 ? 512 : start * 2
        }
        let version = Int(try reader.getUInt8(at: start + 8))
        self.version = version
        switch version {
        case 0, 1:
            let offsetSize = Int(try reader.getUInt8(at: start + 13))
            let lengthSize = Int(try reader.getUInt8(at: start + 14))
            try Self.checkSizes(offsetSize, lengthSize)
            // Signature, 8 one-byte fields, two 2-byte K values, 4 flag bytes; v1 adds
            // the indexed-storage K and 2 reserved bytes.
            let addressesStart = start + 24 + (version == 1 ? 4 : 0)
            let provisional = HDF5Context(reader: reader, offsetSize: offsetSize,
                                          lengthSize: lengthSize, baseAddress: 0)
            let base = try Self.baseAddress(provisional.getAddress(at: addressesStart), fileSize: bytes.count)
            context = HDF5Context(reader: reader, offsetSize: offsetSize, lengthSize: lengthSize,
                                  baseAddress: base)
            // Base, free-space, end-of-file and driver-info addresses precede the root
            // group's symbol table entry: link name offset, then object header address.
            let entry = addressesStart + 4 * offsetSize
            let header = try context.getAddress(at: entry + offsetSize)
            rootObjectHeader = try context.resolve(header, needed: 1, path: "/", what: "root object header")
        case 2, 3:
            let offsetSize = Int(try reader.getUInt8(at: start + 9))
            let lengthSize = Int(try reader.getUInt8(at: start + 10))
            try Self.checkSizes(offsetSize, lengthSize)
            let provisional = HDF5Context(reader: reader, offsetSize: offsetSize,
                                          lengthSize: lengthSize, baseAddress: 0)
            let fieldsStart = start + 12
            let checksumOffset = fieldsStart + 4 * offsetSize
            try provisional.verifyChecksum(start: start, length: checksumOffset - start,
                                           path: "", what: "superblock")
            let base = try Self.baseAddress(provisional.getAddress(at: fieldsStart), fileSize: bytes.count)
            context = HDF5Context(reader: reader, offsetSize: offsetSize, lengthSize: lengthSize,
                                  baseAddress: base)
            let header = try context.getAddress(at: fieldsStart + 3 * offsetSize)
            rootObjectHeader = try context.resolve(header, needed: 1, path: "/", what: "root object header")
        default:
            throw .unsupportedHDF5(path: "", reason: "superblock version \(version) (supported: 0 to 3)")
        }
    }

    private static func checkSizes(_ offsetSize: Int, _ lengthSize: Int) throws(IOError) {
        guard [2, 4, 8].contains(offsetSize), [2, 4, 8].contains(lengthSize) else {
            throw .invalidHDF5(path: "", reason: "size of offsets \(offsetSize) and lengths \(lengthSize) "
                + "(expected 2, 4 or 8)")
        }
    }

    private static func baseAddress(_ raw: UInt64?, fileSize: Int) throws(IOError) -> Int {
        let base = raw ?? 0
        guard base <= UInt64(fileSize) else {
            throw .invalidHDF5(path: "", reason: "base address \(base) is past the end of the \(fileSize)-byte file")
        }
        return Int(base)
    }
}

/// A named link from a group to an object.
struct HDF5Link: Sendable, Hashable {
    enum Target: Sendable, Hashable {
        /// Address (relative to the base address) of the target's object header.
        case hard(UInt64)
        /// A path, resolved from the group holding the link.
        case soft(String)
        /// A link into another file, which this reader does not follow.
        case external
    }

    let name: String
    let target: Target

    /// Decodes a link message body (version 1).
    init(_ body: ArraySlice<UInt8>, context: HDF5Context, path: String) throws(IOError) {
        let reader = ByteReader(body)
        let version = try reader.getUInt8(at: 0)
        guard version == 1 else {
            throw .unsupportedHDF5(path: path, reason: "link message version \(version)")
        }
        let flags = try reader.getUInt8(at: 1)
        var cursor = 2
        var linkType: UInt8 = 0
        if flags & 0x08 != 0 {
            linkType = try reader.getUInt8(at: cursor)
            cursor += 1
        }
        if flags & 0x04 != 0 { cursor += 8 }  // creation order
        if flags & 0x10 != 0 { cursor += 1 }  // name character set
        let lengthSize = 1 << Int(flags & 0x03)
        let nameLength = Int(clamping: try reader.getUnsigned(at: cursor, size: lengthSize))
        cursor += lengthSize
        guard nameLength <= reader.count else {
            throw .invalidHDF5(path: path, reason: "link name of \(nameLength) bytes in a \(reader.count)-byte message")
        }
        name = String(decoding: try reader.getSlice(at: cursor, count: nameLength), as: UTF8.self)
        cursor += nameLength
        switch linkType {
        case 0:
            let address = try reader.getUnsigned(at: cursor, size: context.offsetSize)
            target = .hard(address)
        case 1:
            let length = Int(try reader.getUInt16(at: cursor, endianness: .little))
            target = .soft(String(decoding: try reader.getSlice(at: cursor + 2, count: length), as: UTF8.self))
        case 64:
            target = .external
        default:
            throw .unsupportedHDF5(path: path, reason: "link '\(name)' of type \(linkType)")
        }
    }

    init(name: String, target: Target) {
        self.name = name
        self.target = target
    }
}

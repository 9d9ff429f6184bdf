/// One stage of a dataset's filter pipeline.
struct HDF5Filter: Sendable {
    /// Filter identifier: 1 deflate, 2 shuffle, 3 fletcher32; others are not decoded.
    let id: UInt16
    let flags: UInt16
    let clientData: [UInt32]

    static let deflate: UInt16 = 1
    static let shuffle: UInt16 = 2
    static let fletcher32: UInt16 = 3

    /// Decodes a filter pipeline message (versions 1 and 2).
    static func pipeline(_ body: ArraySlice<UInt8>, path: String) throws(IOError) -> [HDF5Filter] {
        let reader = ByteReader(body)
        let version = try reader.getUInt8(at: 0)
        let count = Int(try reader.getUInt8(at: 1))
        guard version == 1 || version == 2 else {
            throw .unsupportedHDF5(path: path, reason: "filter pipeline message version \(version)")
        }
        var cursor = version == 1 ? 8 : 2
        var filters: [HDF5Filter] = []
        for _ in 0..<count {
            let id = try reader.getUInt16(at: cursor, endianness: .little)
            cursor += 2
            var nameLength = 0
            if version == 1 || id >= 256 {
                nameLength = Int(try reader.getUInt16(at: cursor, endianness: .little))
                cursor += 2
            }
            let flags = try reader.getUInt16(at: cursor, endianness: .little)
            let valueCount = Int(try reader.getUInt16(at: cursor + 2, endianness: .little))
            cursor += 4
            cursor += version == 1 ? (nameLength + 7) & ~7 : nameLength
            let values = try reader.getIntegers(at: cursor, count: valueCount, endianness: .little, as: UInt32.self)
            cursor += 4 * valueCount
            if version == 1, valueCount % 2 == 1 { cursor += 4 }
            filters.append(HDF5Filter(id: id, flags: flags, clientData: values))
        }
        return filters
    }

    /// Undoes this filter on one chunk. `expectedSize` is the chunk's decoded size.
    func reverse(_ input: ArraySlice<UInt8>, expectedSize: Int, path: String) throws(IOError) -> ArraySlice<UInt8> {
        switch id {
        case Self.deflate:
            // A checksum filter applied before deflate adds 4 bytes, so the size is only bounded.
            return try Inflate.zlib(input, maxOutput: expectedSize + 16)[...]
        case Self.shuffle:
            let elementSize = Int(clientData.first ?? 1)
            return Self.unshuffle(input, elementSize: elementSize)
        case Self.fletcher32:
            guard input.count >= 4 else {
                throw .invalidHDF5(path: path, reason: "fletcher32 chunk of \(input.count) bytes")
            }
            return input.dropLast(4)
        default:
            throw .unsupportedHDF5(path: path, reason: "filter \(id) (supported: 1 deflate, 2 shuffle, 3 fletcher32)")
        }
    }

    /// Shuffle stores byte 0 of every element, then byte 1 of every element, …; bytes
    /// past the last whole element are left in place.
    static func unshuffle(_ input: ArraySlice<UInt8>, elementSize: Int) -> ArraySlice<UInt8> {
        guard elementSize > 1, input.count >= elementSize else { return input }
        let count = input.count / elementSize
        var output = [UInt8](input)
        let base = input.startIndex
        for byte in 0..<elementSize {
            for element in 0..<count {
                output[element * elementSize + byte] = input[base + byte * count + element]
            }
        }
        return output[...]
    }
}

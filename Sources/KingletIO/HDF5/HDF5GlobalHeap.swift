/// Global heap collections ("GCOL"), where variable-length data lives. Collections read
/// once are kept, so decoding an array of strings parses each collection once.
struct HDF5GlobalHeap {
    private let context: HDF5Context
    private var collections: [Int: [UInt16: ArraySlice<UInt8>]] = [:]

    init(context: HDF5Context) {
        self.context = context
    }

    /// The bytes of object `index` in the collection at `address`.
    mutating func object(address: UInt64?, index: UInt32, path: String) throws(IOError) -> ArraySlice<UInt8> {
        let start = try context.resolve(address, needed: 8 + context.lengthSize, path: path,
                                        what: "global heap collection")
        if collections[start] == nil {
            collections[start] = try parse(start: start, path: path)
        }
        guard index <= UInt16.max, let bytes = collections[start]?[UInt16(index)] else {
            throw .invalidHDF5(path: path, reason: "global heap collection at offset \(start) has no object \(index)")
        }
        return bytes
    }

    private func parse(start: Int, path: String) throws(IOError) -> [UInt16: ArraySlice<UInt8>] {
        try context.expectSignature("GCOL", at: start, path: path)
        let size = try context.getLength(at: start + 8, path: path)
        try context.reader.checkBounds(at: start, count: size)
        let end = start + size
        var cursor = start + 8 + context.lengthSize
        var objects: [UInt16: ArraySlice<UInt8>] = [:]
        let headerSize = 8 + context.lengthSize
        while end - cursor >= headerSize {
            let index = try context.reader.getUInt16(at: cursor, endianness: .little)
            if index == 0 { break }  // free space runs to the end of the collection
            let objectSize = try context.getLength(at: cursor + 8, path: path)
            let data = cursor + headerSize
            guard objectSize <= end - data else {
                throw .invalidHDF5(path: path, reason: "global heap object \(index) at offset \(cursor) "
                    + "(\(objectSize) bytes) overruns its collection")
            }
            objects[index] = try context.reader.getSlice(at: data, count: objectSize)
            let padded = (objectSize + 7) & ~7
            guard padded <= end - data else { break }
            cursor = data + padded
        }
        return objects
    }
}

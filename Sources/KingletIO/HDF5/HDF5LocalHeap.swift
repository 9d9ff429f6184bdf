/// A local heap ("HEAP"): the names of an old-style group's links.
struct HDF5LocalHeap {
    let context: HDF5Context
    let dataStart: Int
    let dataSize: Int
    let path: String

    init(context: HDF5Context, address: UInt64?, path: String) throws(IOError) {
        self.context = context
        self.path = path
        let start = try context.resolve(address, needed: 8, path: path, what: "local heap")
        try context.expectSignature("HEAP", at: start, path: path)
        dataSize = try context.getLength(at: start + 8, path: path)
        let dataAddress = try context.getAddress(at: start + 8 + 2 * context.lengthSize)
        dataStart = try context.resolve(dataAddress, needed: dataSize, path: path, what: "local heap data")
    }

    /// The null-terminated string at `offset` in the data segment.
    func string(at offset: UInt64) throws(IOError) -> String {
        guard offset < UInt64(dataSize) else {
            throw .invalidHDF5(path: path, reason: "name offset \(offset) is past the \(dataSize)-byte local heap")
        }
        let bytes = try context.reader.getSlice(at: dataStart + Int(offset), count: dataSize - Int(offset))
        guard let end = bytes.firstIndex(of: 0) else {
            throw .invalidHDF5(path: path, reason: "name at local heap offset \(offset) is not terminated")
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}

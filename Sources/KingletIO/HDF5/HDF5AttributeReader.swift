/// Collects an object's attributes: attribute messages in its header, plus dense
/// storage (fractal heap + v2 B-tree) named by an attribute info message.
enum HDF5AttributeReader {
    static func attributes(context: HDF5Context, header: HDF5ObjectHeader, path: String) throws(IOError) -> [HDF5Attribute] {
        var result: [HDF5Attribute] = []
        for message in header.all(.attribute) {
            guard !message.isShared else {
                throw .unsupportedHDF5(path: path, reason: "shared attribute messages")
            }
            result.append(try HDF5Attribute(message.body(context), context: context, objectPath: path))
        }
        if let info = header.first(.attributeInfo) {
            let reader = ByteReader(try info.body(context))
            let flags = try reader.getUInt8(at: 1)
            let heapField = 2 + (flags & 0x01 != 0 ? 2 : 0)
            let heapAddress = try reader.getUnsigned(at: heapField, size: context.offsetSize)
            let treeAddress = try reader.getUnsigned(at: heapField + context.offsetSize, size: context.offsetSize)
            let undefined: UInt64 = context.offsetSize == 8 ? .max : (1 << UInt64(context.offsetSize * 8)) - 1
            if heapAddress != undefined {
                let heap = try HDF5FractalHeap(context: context, address: heapAddress, path: path)
                // Attribute-name records (type 8): the heap ID comes first.
                for record in try HDF5BTree2.records(context: context, address: treeAddress, path: path) {
                    let id = record.prefix(heap.heapIDLength)
                    result.append(try HDF5Attribute(heap.object(id: id), context: context, objectPath: path))
                }
            }
        }
        return result
    }
}

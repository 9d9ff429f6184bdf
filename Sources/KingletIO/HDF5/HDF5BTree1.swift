/// A version 1 B-tree ("TREE"). Type 0 indexes an old-style group's symbol nodes;
/// type 1 indexes a chunked dataset's chunks.
enum HDF5BTree1 {
    /// Calls `visit(keyOffset, childAddress)` for every leaf entry, left to right;
    /// `keyOffset` is the absolute offset of the key before the child.
    static func walk(context: HDF5Context, address: UInt64?, expectedType: UInt8, keySize: Int? = nil,
                     path: String, visited: inout Set<Int>,
                     visit: (Int, UInt64) throws(IOError) -> Void) throws(IOError) {
        try walk(context: context, address: address, expectedType: expectedType, keySize: keySize,
                 path: path, depth: 0, visited: &visited, visit: visit)
    }

    private static func walk(context: HDF5Context, address: UInt64?, expectedType: UInt8, keySize: Int?,
                             path: String, depth: Int, visited: inout Set<Int>,
                             visit: (Int, UInt64) throws(IOError) -> Void) throws(IOError) {
        guard depth < HDF5Limits.maxDepth else {
            throw .invalidHDF5(path: path, reason: "v1 B-tree deeper than \(HDF5Limits.maxDepth) levels")
        }
        let node = try context.resolve(address, needed: 8, path: path, what: "v1 B-tree node")
        guard visited.insert(node).inserted, visited.count <= HDF5Limits.maxNodes else {
            throw .invalidHDF5(path: path, reason: "v1 B-tree node at offset \(node) is reached twice")
        }
        try context.expectSignature("TREE", at: node, path: path)
        let type = try context.reader.getUInt8(at: node + 4)
        guard type == expectedType else {
            throw .invalidHDF5(path: path, reason: "v1 B-tree node at offset \(node) has type \(type), "
                + "expected \(expectedType)")
        }
        let level = Int(try context.reader.getUInt8(at: node + 5))
        let entries = Int(try context.reader.getUInt16(at: node + 6, endianness: .little))
        let key = keySize ?? context.lengthSize
        let first = node + 8 + 2 * context.offsetSize
        let stride = key + context.offsetSize
        try context.reader.checkBounds(at: first, count: entries * stride + key)
        for index in 0..<entries {
            let keyOffset = first + index * stride
            guard let child = try context.getAddress(at: keyOffset + key) else {
                throw .invalidHDF5(path: path, reason: "v1 B-tree node at offset \(node): child \(index) is undefined")
            }
            if level == 0 {
                try visit(keyOffset, child)
            } else {
                try walk(context: context, address: child, expectedType: expectedType, keySize: keySize,
                         path: path, depth: depth + 1, visited: &visited, visit: visit)
            }
        }
    }
}

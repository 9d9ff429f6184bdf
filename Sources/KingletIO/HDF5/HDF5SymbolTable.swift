/// An old-style group's links: a version 1 B-tree (type 0) of symbol table nodes
/// ("SNOD"), with names in a local heap.
enum HDF5SymbolTable {
    static func links(context: HDF5Context, message: ArraySlice<UInt8>, path: String) throws(IOError) -> [HDF5Link] {
        let reader = ByteReader(message)
        let treeAddress = try reader.getUnsigned(at: 0, size: context.offsetSize)
        let heapAddress = try reader.getUnsigned(at: context.offsetSize, size: context.offsetSize)
        let heap = try HDF5LocalHeap(context: context, address: heapAddress, path: path)
        var links: [HDF5Link] = []
        var visited = Set<Int>()
        try HDF5BTree1.walk(context: context, address: treeAddress, expectedType: 0, path: path,
                            visited: &visited) { (_: Int, child: UInt64) throws(IOError) in
            let node = try context.resolve(child, needed: 8, path: path, what: "symbol table node")
            try context.expectSignature("SNOD", at: node, path: path)
            let count = Int(try context.reader.getUInt16(at: node + 6, endianness: .little))
            let entrySize = 2 * context.offsetSize + 24
            try context.reader.checkBounds(at: node + 8, count: count * entrySize)
            for index in 0..<count {
                let entry = node + 8 + index * entrySize
                let nameOffset = try context.getSized(at: entry, size: context.offsetSize)
                let header = try context.getSized(at: entry + context.offsetSize, size: context.offsetSize)
                let cacheType = try context.reader.getUInt32(at: entry + 2 * context.offsetSize, endianness: .little)
                let name = try heap.string(at: nameOffset)
                if cacheType == 2 {
                    // A soft link: the scratch pad holds the heap offset of its target path.
                    let valueOffset = try context.reader.getUInt32(at: entry + 2 * context.offsetSize + 8,
                                                                   endianness: .little)
                    links.append(HDF5Link(name: name, target: .soft(try heap.string(at: UInt64(valueOffset)))))
                } else {
                    links.append(HDF5Link(name: name, target: .hard(header)))
                }
            }
        }
        return links
    }
}

/// A version 2 B-tree ("BTHD"/"BTIN"/"BTLF"). Dense groups and dense attribute storage
/// index their heap objects by name hash in one; the reader only lists every record.
struct HDF5BTree2 {
    /// Every record of the tree at `address`, in key order, each `recordSize` bytes.
    static func records(context: HDF5Context, address: UInt64?, path: String) throws(IOError) -> [ArraySlice<UInt8>] {
        let reader = context.reader
        let start = try context.resolve(address, needed: 16, path: path, what: "v2 B-tree header")
        try context.expectSignature("BTHD", at: start, path: path)
        let nodeSize = Int(try reader.getUInt32(at: start + 6, endianness: .little))
        let recordSize = Int(try reader.getUInt16(at: start + 10, endianness: .little))
        let depth = Int(try reader.getUInt16(at: start + 12, endianness: .little))
        let root = try context.getAddress(at: start + 16)
        let rootRecords = Int(try reader.getUInt16(at: start + 16 + context.offsetSize, endianness: .little))
        try context.verifyChecksum(start: start, length: 18 + context.offsetSize + context.lengthSize,
                                   path: path, what: "v2 B-tree header")
        guard nodeSize > 10, recordSize > 0, depth < HDF5Limits.maxDepth else {
            throw .invalidHDF5(path: path, reason: "v2 B-tree at offset \(start): node size \(nodeSize), "
                + "record size \(recordSize), depth \(depth)")
        }
        guard let root else { return [] }

        // Sizes of the child-pointer fields, as HDF5 derives them from the node size.
        func encodedSize(_ value: Int) -> Int {
            (value == 0 ? 0 : (Int.bitWidth - 1 - value.leadingZeroBitCount)) / 8 + 1
        }
        let leafMax = (nodeSize - 10) / recordSize
        let countSize = encodedSize(leafMax)
        var cumulative = [leafMax]
        var cumulativeSize = [0]
        if depth > 0 {
            for level in 1...depth {
                let pointer = context.offsetSize + countSize + (level > 1 ? cumulativeSize[level - 1] : 0)
                let maxRecords = (nodeSize - (10 + pointer)) / (recordSize + pointer)
                let (product, overflow) = (maxRecords + 1).multipliedReportingOverflow(by: cumulative[level - 1])
                let total = overflow ? Int.max / 2 : product + maxRecords
                cumulative.append(total)
                cumulativeSize.append(encodedSize(total))
            }
        }

        var result: [ArraySlice<UInt8>] = []
        var visited = Set<Int>()
        func walk(_ address: UInt64?, level: Int, count: Int) throws(IOError) {
            let node = try context.resolve(address, needed: nodeSize, path: path, what: "v2 B-tree node")
            guard visited.insert(node).inserted, visited.count <= HDF5Limits.maxNodes else {
                throw .invalidHDF5(path: path, reason: "v2 B-tree node at offset \(node) is reached twice")
            }
            try context.expectSignature(level == 0 ? "BTLF" : "BTIN", at: node, path: path)
            let (recordBytes, overflow) = count.multipliedReportingOverflow(by: recordSize)
            guard !overflow, recordBytes <= nodeSize else {
                throw .invalidHDF5(path: path, reason: "v2 B-tree node at offset \(node) claims \(count) records")
            }
            let records = node + 6
            if level == 0 {
                for index in 0..<count {
                    result.append(try reader.getSlice(at: records + index * recordSize, count: recordSize))
                }
                return
            }
            var pointer = records + recordBytes
            for index in 0...count {
                let child = try context.getAddress(at: pointer)
                let childCount = Int(clamping: try context.getSized(at: pointer + context.offsetSize, size: countSize))
                pointer += context.offsetSize + countSize + (level > 1 ? cumulativeSize[level - 1] : 0)
                try walk(child, level: level - 1, count: childCount)
                if index < count {
                    result.append(try reader.getSlice(at: records + index * recordSize, count: recordSize))
                }
            }
        }
        try walk(root, level: depth, count: rootRecords)
        return result
    }
}

/// A fractal heap ("FRHP"): where dense groups keep their link messages and dense
/// attribute storage keeps attribute messages. Only managed and tiny objects in
/// unfiltered heaps are read.
struct HDF5FractalHeap {
    private struct DirectBlock {
        let heapOffset: Int
        let fileOffset: Int
        let size: Int
    }

    let context: HDF5Context
    let path: String
    let heapIDLength: Int
    private let offsetFieldSize: Int
    private let lengthFieldSize: Int
    private var blocks: [DirectBlock] = []

    init(context: HDF5Context, address: UInt64?, path: String) throws(IOError) {
        self.context = context
        self.path = path
        let reader = context.reader
        let start = try context.resolve(address, needed: 4, path: path, what: "fractal heap")
        try context.expectSignature("FRHP", at: start, path: path)
        heapIDLength = Int(try reader.getUInt16(at: start + 5, endianness: .little))
        let filtersLength = Int(try reader.getUInt16(at: start + 7, endianness: .little))
        guard filtersLength == 0 else {
            throw .unsupportedHDF5(path: path, reason: "fractal heap with I/O filters")
        }
        let maxManagedSize = Int(try reader.getUInt32(at: start + 10, endianness: .little))
        let L = context.lengthSize, O = context.offsetSize
        var cursor = start + 14 + 10 * L + 2 * O
        let width = Int(try reader.getUInt16(at: cursor, endianness: .little))
        let startSize = try context.getLength(at: cursor + 2, path: path)
        let maxDirectSize = try context.getLength(at: cursor + 2 + L, path: path)
        let maxHeapBits = Int(try reader.getUInt16(at: cursor + 2 + 2 * L, endianness: .little))
        cursor += 2 + 2 * L + 4
        let rootAddress = try context.getAddress(at: cursor)
        let currentRows = Int(try reader.getUInt16(at: cursor + O, endianness: .little))
        let headerLength = cursor + O + 2 - start
        try context.verifyChecksum(start: start, length: headerLength, path: path, what: "fractal heap header")

        guard width > 0, width <= 65536, startSize > 0, startSize.nonzeroBitCount == 1,
              maxDirectSize >= startSize, maxDirectSize.nonzeroBitCount == 1, maxDirectSize <= 1 << 40,
              (1...64).contains(maxHeapBits), width.nonzeroBitCount == 1 else {
            throw .invalidHDF5(path: path, reason: "fractal heap at offset \(start): table width \(width), "
                + "block sizes \(startSize)...\(maxDirectSize), heap bits \(maxHeapBits)")
        }
        offsetFieldSize = (maxHeapBits + 7) / 8
        // Bytes encoding an object's length: enough for the largest managed object.
        let directBits = maxDirectSize.trailingZeroBitCount
        let lengthFromDirect = (directBits + 7) / 8
        let maxManagedBits = maxManagedSize == 0 ? 0 : (Int.bitWidth - 1 - maxManagedSize.leadingZeroBitCount)
        lengthFieldSize = min(lengthFromDirect, maxManagedBits / 8 + 1)

        guard let rootAddress else { return }  // empty heap
        if currentRows == 0 {
            let block = try context.resolve(rootAddress, needed: startSize, path: path, what: "fractal heap root block")
            blocks.append(DirectBlock(heapOffset: 0, fileOffset: block, size: startSize))
            return
        }
        let geometry = Geometry(width: width, startSize: startSize,
                                maxDirectRows: maxDirectSize.trailingZeroBitCount - startSize.trailingZeroBitCount + 2)
        var visited = Set<Int>()
        try collectIndirect(address: rootAddress, rows: currentRows, heapOffset: 0,
                            geometry: geometry, depth: 0, visited: &visited)
    }

    private struct Geometry {
        let width: Int
        let startSize: Int
        let maxDirectRows: Int

        func rowSize(_ row: Int) -> Int { row == 0 ? startSize : startSize << (row - 1) }
    }

    private mutating func collectIndirect(address: UInt64, rows: Int, heapOffset: Int, geometry: Geometry,
                                          depth: Int, visited: inout Set<Int>) throws(IOError) {
        guard depth < HDF5Limits.maxDepth, rows >= 0, rows <= 64 else {
            throw .invalidHDF5(path: path, reason: "fractal heap indirect blocks nested too deep or too wide")
        }
        let start = try context.resolve(address, needed: 5, path: path, what: "fractal heap indirect block")
        guard visited.insert(start).inserted, visited.count <= HDF5Limits.maxNodes else {
            throw .invalidHDF5(path: path, reason: "fractal heap block at offset \(start) is reached twice")
        }
        try context.expectSignature("FHIB", at: start, path: path)
        var cursor = start + 5 + context.offsetSize + offsetFieldSize
        var childOffset = heapOffset
        for row in 0..<rows {
            let size = geometry.rowSize(row)
            for _ in 0..<geometry.width {
                let child = try context.getAddress(at: cursor)
                cursor += context.offsetSize
                if let child {
                    if row < geometry.maxDirectRows {
                        let block = try context.resolve(child, needed: size, path: path,
                                                        what: "fractal heap direct block")
                        guard blocks.count < HDF5Limits.maxNodes else {
                            throw .invalidHDF5(path: path, reason: "fractal heap has too many blocks")
                        }
                        blocks.append(DirectBlock(heapOffset: childOffset, fileOffset: block, size: size))
                    } else {
                        let childRows = size.trailingZeroBitCount
                            - (geometry.startSize * geometry.width).trailingZeroBitCount + 1
                        try collectIndirect(address: child, rows: childRows, heapOffset: childOffset,
                                            geometry: geometry, depth: depth + 1, visited: &visited)
                    }
                }
                childOffset = childOffset &+ size
            }
        }
    }

    /// The bytes of the object a heap ID names.
    func object(id: ArraySlice<UInt8>) throws(IOError) -> ArraySlice<UInt8> {
        let reader = ByteReader(id)
        let flags = try reader.getUInt8(at: 0)
        guard flags >> 6 == 0 else {
            throw .unsupportedHDF5(path: path, reason: "fractal heap ID version \(flags >> 6)")
        }
        switch (flags >> 4) & 0x03 {
        case 0:
            let offset = Int(clamping: try reader.getUnsigned(at: 1, size: offsetFieldSize))
            let length = Int(clamping: try reader.getUnsigned(at: 1 + offsetFieldSize, size: lengthFieldSize))
            guard let block = blocks.first(where: { offset >= $0.heapOffset && offset - $0.heapOffset < $0.size }),
                  length <= block.size - (offset - block.heapOffset) else {
                throw .invalidHDF5(path: path, reason: "fractal heap object at heap offset \(offset) "
                    + "(\(length) bytes) is not inside an allocated direct block")
            }
            return try context.reader.getSlice(at: block.fileOffset + offset - block.heapOffset, count: length)
        case 2:
            let length = Int(flags & 0x0F) + 1
            return try reader.getSlice(at: 1, count: length)
        default:
            throw .unsupportedHDF5(path: path, reason: "huge fractal heap objects")
        }
    }
}

/// Assembles a chunked dataset: finds its chunks through the chunk index, undoes the
/// filters, and copies each chunk's in-bounds part into a row-major buffer.
struct HDF5ChunkReader {
    struct Chunk {
        /// Element coordinates of the chunk's first element.
        let origin: [Int]
        let address: UInt64
        let storedSize: Int
        let filterMask: UInt32
    }

    let context: HDF5Context
    let path: String
    let shape: [Int]
    let chunkShape: [Int]
    let elementSize: Int
    let filters: [HDF5Filter]

    var chunkBytes: Int { chunkShape.reduce(elementSize, *) }

    func read(index: HDF5Layout.ChunkIndex, totalBytes: Int) throws(IOError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: totalBytes)
        if totalBytes == 0 { return output }
        for chunk in try chunks(index) {
            try copy(chunk, into: &output)
        }
        return output
    }

    /// Number of chunks along each dimension.
    private var grid: [Int] {
        zip(shape, chunkShape).map { ($0 + $1 - 1) / $1 }
    }

    /// Element origin of chunk number `linear` in row-major chunk order.
    private func origin(ofChunk linear: Int) -> [Int] {
        var remainder = linear
        var origin = [Int](repeating: 0, count: shape.count)
        for dim in stride(from: shape.count - 1, through: 0, by: -1) {
            origin[dim] = (remainder % grid[dim]) * chunkShape[dim]
            remainder /= grid[dim]
        }
        return origin
    }

    private func chunks(_ index: HDF5Layout.ChunkIndex) throws(IOError) -> [Chunk] {
        let chunkCount = grid.reduce(1, *)
        switch index {
        case let .btree1(address):
            guard let address else { return [] }
            var chunks: [Chunk] = []
            var visited = Set<Int>()
            let rank = shape.count
            let keySize = 8 + 8 * (rank + 1)
            try HDF5BTree1.walk(context: context, address: address, expectedType: 1, keySize: keySize,
                                path: path, visited: &visited) { (key: Int, child: UInt64) throws(IOError) in
                let reader = context.reader
                let size = Int(try reader.getUInt32(at: key, endianness: .little))
                let mask = try reader.getUInt32(at: key + 4, endianness: .little)
                var origin: [Int] = []
                for dim in 0..<rank {
                    let value = try reader.getUInt64(at: key + 8 + 8 * dim, endianness: .little)
                    guard value < UInt64(shape[dim]) else {
                        throw .invalidHDF5(path: path, reason: "chunk at offset \(value) in dimension \(dim) "
                            + "lies outside the dataset shape \(shape)")
                    }
                    origin.append(Int(value))
                }
                chunks.append(Chunk(origin: origin, address: child, storedSize: size, filterMask: mask))
            }
            return chunks
        case let .singleChunk(address, filteredSize, mask):
            guard let address else { return [] }
            return [Chunk(origin: [Int](repeating: 0, count: shape.count), address: address,
                          storedSize: filteredSize ?? chunkBytes, filterMask: mask)]
        case let .implicit(address):
            guard let address else { return [] }
            guard chunkCount.multipliedReportingOverflow(by: chunkBytes).partialValue <= context.fileSize else {
                throw .invalidHDF5(path: path, reason: "\(chunkCount) implicit chunks of \(chunkBytes) bytes "
                    + "do not fit in the file")
            }
            return (0..<chunkCount).map { linear in
                Chunk(origin: origin(ofChunk: linear), address: address &+ UInt64(linear * chunkBytes),
                      storedSize: chunkBytes, filterMask: 0)
            }
        case let .fixedArray(address):
            guard let address else { return [] }
            return try fixedArrayChunks(address: address, chunkCount: chunkCount)
        }
    }

    private func fixedArrayChunks(address: UInt64, chunkCount: Int) throws(IOError) -> [Chunk] {
        let reader = context.reader
        let O = context.offsetSize
        let header = try context.resolve(address, needed: 12 + O + context.lengthSize, path: path,
                                         what: "fixed array header")
        try context.expectSignature("FAHD", at: header, path: path)
        let client = try reader.getUInt8(at: header + 5)
        let entrySize = Int(try reader.getUInt8(at: header + 6))
        let pageBits = Int(try reader.getUInt8(at: header + 7))
        let entries = try context.getLength(at: header + 8, path: path)
        let dataBlock = try context.getAddress(at: header + 8 + context.lengthSize)
        try context.verifyChecksum(start: header, length: 8 + context.lengthSize + O, path: path,
                                   what: "fixed array header")
        guard entries == chunkCount else {
            throw .invalidHDF5(path: path, reason: "fixed array holds \(entries) entries for \(chunkCount) chunks")
        }
        guard pageBits < 32, entries <= 1 << pageBits else {
            throw .unsupportedHDF5(path: path, reason: "paged fixed-array chunk index (\(entries) chunks)")
        }
        let filtered = client == 1
        guard entrySize >= O + (filtered ? 5 : 0) else {
            throw .invalidHDF5(path: path, reason: "fixed array entry size \(entrySize)")
        }
        let block = try context.resolve(dataBlock, needed: 6 + O, path: path, what: "fixed array data block")
        try context.expectSignature("FADB", at: block, path: path)
        let first = block + 6 + O
        try reader.checkBounds(at: first, count: entries * entrySize + 4)
        try context.verifyChecksum(start: block, length: first + entries * entrySize - block, path: path,
                                   what: "fixed array data block")
        var chunks: [Chunk] = []
        for linear in 0..<entries {
            let entry = first + linear * entrySize
            guard let chunkAddress = try context.getAddress(at: entry) else { continue }
            var size = chunkBytes
            var mask: UInt32 = 0
            if filtered {
                let sizeBytes = entrySize - O - 4
                let stored = try context.getSized(at: entry + O, size: sizeBytes)
                guard stored <= UInt64(context.fileSize) else {
                    throw .invalidHDF5(path: path, reason: "chunk of \(stored) bytes")
                }
                size = Int(stored)
                mask = try reader.getUInt32(at: entry + O + sizeBytes, endianness: .little)
            }
            chunks.append(Chunk(origin: origin(ofChunk: linear), address: chunkAddress, storedSize: size,
                                filterMask: mask))
        }
        return chunks
    }

    private func decode(_ chunk: Chunk) throws(IOError) -> ArraySlice<UInt8> {
        let start = try context.resolve(chunk.address, needed: chunk.storedSize, path: path, what: "chunk")
        var data = try context.reader.getSlice(at: start, count: chunk.storedSize)
        for (position, filter) in filters.enumerated().reversed() {
            if position < 32, chunk.filterMask & (1 << UInt32(position)) != 0 { continue }
            data = try filter.reverse(data, expectedSize: chunkBytes, path: path)
        }
        guard data.count >= chunkBytes else {
            throw .invalidHDF5(path: path, reason: "chunk at \(chunk.origin) decodes to \(data.count) bytes, "
                + "expected \(chunkBytes)")
        }
        return data
    }

    private func copy(_ chunk: Chunk, into output: inout [UInt8]) throws(IOError) {
        let data = try decode(chunk)
        let rank = shape.count
        let last = rank - 1
        let runElements = min(chunkShape[last], shape[last] - chunk.origin[last])
        guard runElements > 0 else { return }
        let runBytes = runElements * elementSize
        // Row-major strides of the dataset and of the chunk, in elements.
        var datasetStride = [Int](repeating: 1, count: rank)
        var chunkStride = [Int](repeating: 1, count: rank)
        for dim in stride(from: rank - 2, through: 0, by: -1) {
            datasetStride[dim] = datasetStride[dim + 1] * shape[dim + 1]
            chunkStride[dim] = chunkStride[dim + 1] * chunkShape[dim + 1]
        }
        // Iterate over the chunk's rows (all dimensions but the last) that lie inside the dataset.
        var position = [Int](repeating: 0, count: rank)
        while true {
            var inside = true
            var target = chunk.origin[last]
            var source = 0
            for dim in 0..<last {
                let coordinate = chunk.origin[dim] + position[dim]
                if coordinate >= shape[dim] { inside = false; break }
                target += coordinate * datasetStride[dim]
                source += position[dim] * chunkStride[dim]
            }
            if inside {
                let from = data.startIndex + source * elementSize
                output.replaceSubrange(target * elementSize..<(target * elementSize + runBytes),
                                       with: data[from..<(from + runBytes)])
            }
            var dim = last - 1
            while dim >= 0 {
                position[dim] += 1
                if position[dim] < chunkShape[dim] { break }
                position[dim] = 0
                dim -= 1
            }
            if dim < 0 { break }
        }
    }
}

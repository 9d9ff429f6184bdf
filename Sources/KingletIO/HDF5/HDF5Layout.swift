/// Where a dataset's raw data lives (data layout message, versions 3 and 4).
enum HDF5Layout: Sendable {
    /// How a chunked dataset finds its chunks.
    enum ChunkIndex: Sendable {
        /// Version 1 B-tree of type 1 (layout version 3, and what h5py writes by default).
        case btree1(UInt64?)
        /// One chunk covering the whole dataset; sizes are set when it is filtered.
        case singleChunk(UInt64?, filteredSize: Int?, filterMask: UInt32)
        /// Chunks stored back to back in row-major chunk order.
        case implicit(UInt64?)
        /// Fixed array ("FAHD"/"FADB") of chunk addresses.
        case fixedArray(UInt64?)
    }

    /// Data stored inside the object header (absolute offset and size).
    case compact(offset: Int, size: Int)
    /// One run of bytes in the file; `nil` when never written.
    case contiguous(address: UInt64?, size: Int)
    /// Chunks of `chunkShape` elements, each `elementSize` bytes.
    case chunked(chunkShape: [Int], elementSize: Int, index: ChunkIndex)

    init(_ message: HDF5Message, context: HDF5Context, path: String) throws(IOError) {
        let body = try message.body(context)
        let reader = ByteReader(body)
        let version = try reader.getUInt8(at: 0)
        let layoutClass = try reader.getUInt8(at: 1)
        guard version == 3 || version == 4 else {
            throw .unsupportedHDF5(path: path, reason: "data layout message version \(version) (supported: 3, 4)")
        }
        switch layoutClass {
        case 0:
            let size = Int(try reader.getUInt16(at: 2, endianness: .little))
            try reader.checkBounds(at: 4, count: size)
            self = .compact(offset: message.offset + 4, size: size)
        case 1:
            let address = try reader.getUnsigned(at: 2, size: context.offsetSize)
            let size = try reader.getUnsigned(at: 2 + context.offsetSize, size: context.lengthSize)
            guard size <= UInt64(context.fileSize) else {
                throw .invalidHDF5(path: path, reason: "contiguous data of \(size) bytes in a \(context.fileSize)-byte file")
            }
            self = .contiguous(address: Self.defined(address, context), size: Int(size))
        case 2 where version == 3:
            let rank = Int(try reader.getUInt8(at: 2))
            let address = try reader.getUnsigned(at: 3, size: context.offsetSize)
            var dims: [Int] = []
            for index in 0..<rank {
                dims.append(Int(try reader.getUInt32(at: 3 + context.offsetSize + 4 * index, endianness: .little)))
            }
            self = try Self.chunked(dims, index: .btree1(Self.defined(address, context)), path: path)
        case 2:
            let flags = try reader.getUInt8(at: 2)
            let rank = Int(try reader.getUInt8(at: 3))
            let width = Int(try reader.getUInt8(at: 4))
            guard (1...8).contains(width) else {
                throw .invalidHDF5(path: path, reason: "chunk dimension width \(width) (expected 1 to 8)")
            }
            var dims: [Int] = []
            var cursor = 5
            for _ in 0..<rank {
                let dim = try reader.getUnsigned(at: cursor, size: width)
                guard dim <= UInt64(Int32.max) else {
                    throw .invalidHDF5(path: path, reason: "chunk dimension \(dim)")
                }
                dims.append(Int(dim))
                cursor += width
            }
            let indexType = try reader.getUInt8(at: cursor)
            cursor += 1
            let index: ChunkIndex
            switch indexType {
            case 1:
                var filteredSize: Int?
                var mask: UInt32 = 0
                if flags & 0x02 != 0 {
                    let size = try reader.getUnsigned(at: cursor, size: context.lengthSize)
                    guard size <= UInt64(context.fileSize) else {
                        throw .invalidHDF5(path: path, reason: "filtered chunk of \(size) bytes")
                    }
                    filteredSize = Int(size)
                    mask = try reader.getUInt32(at: cursor + context.lengthSize, endianness: .little)
                    cursor += context.lengthSize + 4
                }
                let address = try reader.getUnsigned(at: cursor, size: context.offsetSize)
                index = .singleChunk(Self.defined(address, context), filteredSize: filteredSize, filterMask: mask)
            case 2:
                index = .implicit(Self.defined(try reader.getUnsigned(at: cursor, size: context.offsetSize), context))
            case 3:
                index = .fixedArray(Self.defined(try reader.getUnsigned(at: cursor + 1, size: context.offsetSize), context))
            case 4:
                throw .unsupportedHDF5(path: path, reason: "extensible-array chunk index (a dataset with an "
                    + "unlimited dimension written with libver='latest'); supported: v1 B-tree, single chunk, "
                    + "implicit, fixed array")
            case 5:
                throw .unsupportedHDF5(path: path, reason: "v2 B-tree chunk index; supported: v1 B-tree, "
                    + "single chunk, implicit, fixed array")
            default:
                throw .invalidHDF5(path: path, reason: "chunk index type \(indexType)")
            }
            self = try Self.chunked(dims, index: index, path: path)
        default:
            throw .unsupportedHDF5(path: path, reason: "data layout class \(layoutClass)")
        }
    }

    private static func defined(_ address: UInt64, _ context: HDF5Context) -> UInt64? {
        let undefined: UInt64 = context.offsetSize == 8 ? .max : (1 << UInt64(context.offsetSize * 8)) - 1
        return address == undefined ? nil : address
    }

    /// The stored dimensions end with the element size.
    private static func chunked(_ dims: [Int], index: ChunkIndex, path: String) throws(IOError) -> HDF5Layout {
        guard let elementSize = dims.last, dims.count >= 2, dims.count <= HDF5Limits.maxRank + 1,
              dims.allSatisfy({ $0 > 0 }) else {
            throw .invalidHDF5(path: path, reason: "chunk dimensions \(dims)")
        }
        var total = 1
        for dim in dims {
            let (product, overflow) = total.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= HDF5Limits.maxDatasetBytes else {
                throw .invalidHDF5(path: path, reason: "chunk of \(dims) is too large")
            }
            total = product
        }
        return .chunked(chunkShape: Array(dims.dropLast()), elementSize: elementSize, index: index)
    }
}

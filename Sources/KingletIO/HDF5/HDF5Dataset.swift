/// A dataset: an n-dimensional array of one datatype, read on demand.
public struct HDF5Dataset: Sendable {
    let context: HDF5Context
    let header: HDF5ObjectHeader
    /// Kept as a result so a dataset with an unsupported layout still opens (shape and
    /// datatype are readable); reading its data throws.
    let layout: Result<HDF5Layout, IOError>
    let filters: [HDF5Filter]
    public let path: String
    public let datatype: HDF5Datatype
    public let dataspace: HDF5Dataspace

    /// Dimensions, outermost first; empty for a scalar.
    public var shape: [Int] { dataspace.dimensions }
    public var elementCount: Int { dataspace.elementCount }

    init(context: HDF5Context, header: HDF5ObjectHeader, path: String) throws(IOError) {
        self.context = context
        self.header = header
        self.path = path
        guard let typeMessage = header.first(.datatype), let spaceMessage = header.first(.dataspace),
              let layoutMessage = header.first(.dataLayout) else {
            throw .invalidHDF5(path: path, reason: "dataset header lacks a datatype, dataspace or layout message")
        }
        guard !typeMessage.isShared, !spaceMessage.isShared else {
            throw .unsupportedHDF5(path: path, reason: "shared (committed) datatype or dataspace messages")
        }
        if header.first(.externalFiles) != nil {
            throw .unsupportedHDF5(path: path, reason: "data stored in external files")
        }
        datatype = try HDF5Datatype(typeMessage.body(context), path: path)
        dataspace = try HDF5Dataspace(spaceMessage.body(context), context: context, path: path)
        layout = Result { () throws(IOError) in try HDF5Layout(layoutMessage, context: context, path: path) }
        filters = try header.first(.filterPipeline).map { (message) throws(IOError) in
            try HDF5Filter.pipeline(message.body(context), path: path)
        } ?? []
    }

    public func attributes() throws(IOError) -> [HDF5Attribute] {
        try HDF5AttributeReader.attributes(context: context, header: header, path: path)
    }

    public func attribute(_ name: String) throws(IOError) -> HDF5Attribute? {
        try attributes().first { $0.name == name }
    }

    /// The raw element bytes in row-major order, in the file's byte order. Chunks never
    /// written read as zeros (fill values are not applied).
    public func bytes() throws(IOError) -> [UInt8] {
        let elementSize = datatype.storedSize(context)
        let (total, overflow) = elementCount.multipliedReportingOverflow(by: elementSize)
        guard !overflow, total <= HDF5Limits.maxDatasetBytes else {
            throw .unsupportedHDF5(path: path, reason: "dataset larger than \(HDF5Limits.maxDatasetBytes) bytes")
        }
        // Stored data expands at most ~1032:1 under deflate, so a dataset claiming more
        // than that of the file is corrupt (or mostly unwritten, which Keras never makes).
        guard total <= max(1 << 20, context.fileSize.multipliedReportingOverflow(by: 1100).partialValue) else {
            throw .invalidHDF5(path: path, reason: "dataset of shape \(shape) needs \(total) bytes, "
                + "implausible for a \(context.fileSize)-byte file")
        }
        switch try layout.get() {
        case let .compact(offset, size):
            guard size >= total else {
                throw .invalidHDF5(path: path, reason: "compact data holds \(size) bytes, the dataset needs \(total)")
            }
            return try context.reader.getBytes(at: offset, count: total)
        case let .contiguous(address, size):
            guard let address else { return [UInt8](repeating: 0, count: total) }
            guard size >= total else {
                throw .invalidHDF5(path: path, reason: "contiguous data holds \(size) bytes, the dataset needs \(total)")
            }
            let start = try context.resolve(address, needed: total, path: path, what: "contiguous data")
            return try context.reader.getBytes(at: start, count: total)
        case let .chunked(chunkShape, storedElementSize, index):
            guard storedElementSize == elementSize, chunkShape.count == shape.count else {
                throw .invalidHDF5(path: path, reason: "chunks of \(chunkShape) × \(storedElementSize) bytes "
                    + "for a dataset of shape \(shape) × \(elementSize) bytes")
            }
            let reader = HDF5ChunkReader(context: context, path: path, shape: shape, chunkShape: chunkShape,
                                         elementSize: elementSize, filters: filters)
            return try reader.read(index: index, totalBytes: total)
        }
    }

    /// Every element as a Float (from any integer, enum or floating-point datatype).
    public func floats() throws(IOError) -> [Float] {
        try doubles().map(Float.init)
    }

    /// Every element as a Double (from any integer, enum or floating-point datatype).
    public func doubles() throws(IOError) -> [Double] {
        try HDF5ElementDecoder(context: context, path: path)
            .doubles(bytes()[...], type: datatype, count: elementCount)
    }

    /// Every element as an Int64 (integer and enum datatypes only).
    public func integers() throws(IOError) -> [Int64] {
        try HDF5ElementDecoder(context: context, path: path)
            .integers(bytes()[...], type: datatype, count: elementCount)
    }

    /// Every element as a String (fixed- and variable-length string datatypes only).
    public func strings() throws(IOError) -> [String] {
        try HDF5ElementDecoder(context: context, path: path)
            .strings(bytes()[...], type: datatype, count: elementCount)
    }
}

/// The shape of a dataset or attribute: scalar (no dimensions), simple (any rank) or
/// null (no elements at all).
public struct HDF5Dataspace: Sendable, Hashable {
    public let dimensions: [Int]
    public let isNull: Bool

    public var elementCount: Int { isNull ? 0 : dimensions.reduce(1, *) }

    init(_ body: ArraySlice<UInt8>, context: HDF5Context, path: String) throws(IOError) {
        let reader = ByteReader(body)
        let version = try reader.getUInt8(at: 0)
        let rank = Int(try reader.getUInt8(at: 1))
        guard rank <= HDF5Limits.maxRank else {
            throw .unsupportedHDF5(path: path, reason: "dataspace of rank \(rank) (at most \(HDF5Limits.maxRank))")
        }
        let dimsStart: Int
        switch version {
        case 1:
            dimsStart = 8
            isNull = false
        case 2:
            dimsStart = 4
            isNull = try reader.getUInt8(at: 3) == 2
        default:
            throw .unsupportedHDF5(path: path, reason: "dataspace message version \(version)")
        }
        var dimensions: [Int] = []
        var total = 1
        for index in 0..<rank {
            let raw = try reader.getUnsigned(at: dimsStart + index * context.lengthSize, size: context.lengthSize)
            let (product, overflow) = total.multipliedReportingOverflow(by: Int(clamping: raw))
            guard raw <= UInt64(Int32.max), !overflow, product <= HDF5Limits.maxDatasetBytes else {
                throw .invalidHDF5(path: path, reason: "dataspace dimension \(raw) is implausibly large")
            }
            total = product
            dimensions.append(Int(raw))
        }
        self.dimensions = dimensions
    }
}

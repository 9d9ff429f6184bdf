/// A numeric array for `HDF5Writer`: element type, shape and raw little-endian bytes in
/// row-major order. The contents of a dataset, or the value of a numeric attribute.
///
/// An empty shape is a scalar (one element); a dimension may be zero (no elements).
public struct HDF5WriterArray: Sendable, Hashable {
    public let elementType: HDF5WriterElementType
    /// Dimensions, outermost first.
    public let shape: [Int]
    public let littleEndianBytes: [UInt8]

    /// HDF5's limit on the rank of a dataspace.
    static let maxRank = 32

    public var elementCount: Int { shape.reduce(1, *) }

    /// Wraps `littleEndianBytes`, which must hold exactly one element per shape position.
    public init(elementType: HDF5WriterElementType, shape: [Int], littleEndianBytes: [UInt8]) throws(IOError) {
        guard shape.count <= Self.maxRank else {
            throw .cannotWrite(format: HDF5Writer.format, item: "", reason:
                "rank \(shape.count) is above HDF5's limit of \(Self.maxRank)")
        }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard dimension >= 0, !overflow else {
                throw .cannotWrite(format: HDF5Writer.format, item: "", reason: "invalid shape \(shape)")
            }
            count = product
        }
        let (needed, overflow) = count.multipliedReportingOverflow(by: elementType.size)
        guard !overflow, needed == littleEndianBytes.count else {
            throw .cannotWrite(format: HDF5Writer.format, item: "", reason:
                "shape \(shape) of \(elementType) needs \(overflow ? "too many" : String(needed)) bytes, "
                + "got \(littleEndianBytes.count)")
        }
        self.elementType = elementType
        self.shape = shape
        self.littleEndianBytes = littleEndianBytes
    }

    /// `values` with `shape`; a 1-D array of all the values when `shape` is nil.
    public static func float32(_ values: [Float], shape: [Int]? = nil) throws(IOError) -> Self {
        var out = ByteWriter(reservingCapacity: values.count * 4)
        out.writeFloat32s(values, endianness: .little)
        return try Self(elementType: .float32, shape: shape ?? [values.count], littleEndianBytes: out.bytes)
    }

    public static func float64(_ values: [Double], shape: [Int]? = nil) throws(IOError) -> Self {
        var out = ByteWriter(reservingCapacity: values.count * 8)
        for value in values { out.writeFloat64(value, endianness: .little) }
        return try Self(elementType: .float64, shape: shape ?? [values.count], littleEndianBytes: out.bytes)
    }

    public static func int32(_ values: [Int32], shape: [Int]? = nil) throws(IOError) -> Self {
        var out = ByteWriter(reservingCapacity: values.count * 4)
        out.writeIntegers(values, endianness: .little)
        return try Self(elementType: .int32, shape: shape ?? [values.count], littleEndianBytes: out.bytes)
    }

    public static func int64(_ values: [Int64], shape: [Int]? = nil) throws(IOError) -> Self {
        var out = ByteWriter(reservingCapacity: values.count * 8)
        out.writeIntegers(values, endianness: .little)
        return try Self(elementType: .int64, shape: shape ?? [values.count], littleEndianBytes: out.bytes)
    }
}

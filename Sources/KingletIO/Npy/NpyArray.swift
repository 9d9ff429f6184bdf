/// An n-dimensional array as stored in a NumPy `.npy` file: shape, element type and the
/// raw little-endian element bytes in C (row-major) order.
///
/// Reads format versions 1.0, 2.0 and 3.0; writes 1.0, or 2.0 when the header does not
/// fit a 16-bit length. `shape == []` is a 0-d array holding one element.
public struct NpyArray: Sendable, Hashable {
    public let shape: [Int]
    public let dtype: NpyDType
    /// Elements, little-endian, C order; exactly `elementCount * dtype.itemSize` bytes.
    public let data: [UInt8]

    /// Wraps raw element bytes; throws unless `data` holds exactly the elements `shape` needs.
    public init(shape: [Int], dtype: NpyDType, data: [UInt8]) throws(IOError) {
        let byteCount = try Self.byteCount(shape: shape, dtype: dtype)
        guard byteCount == data.count else {
            throw .invalidNpy(reason: "shape \(Self.pythonTuple(shape)) of \(dtype) needs \(byteCount) bytes of data, got \(data.count)")
        }
        self.shape = shape
        self.dtype = dtype
        self.data = data
    }

    /// An array of `values` laid out in C order with the given shape.
    public init<T: NpyElement>(shape: [Int], values: [T]) throws(IOError) {
        var writer = ByteWriter(reservingCapacity: values.count * MemoryLayout<T.Bits>.size)
        for value in values {
            writer.writeInteger(value.npyBits, endianness: .little)
        }
        try self.init(shape: shape, dtype: T.npyDType, data: writer.bytes)
    }

    /// Number of elements (1 for a 0-d array).
    public var elementCount: Int { data.count / dtype.itemSize }

    // MARK: Elements

    /// The elements as `T`, which must match `dtype` exactly (use `floatValues()` to convert).
    public func values<T: NpyElement>(as _: T.Type = T.self) throws(IOError) -> [T] {
        guard T.npyDType == dtype else {
            throw .typeMismatch(expected: "an array of \(T.npyDType) ('\(T.npyDType.descr)')",
                                actual: "\(dtype) ('\(dtype.descr)')")
        }
        return try ByteReader(data).getIntegers(at: 0, count: elementCount, endianness: .little, as: T.Bits.self)
            .map(T.init(npyBits:))
    }

    public func int8Values() throws(IOError) -> [Int8] { try values() }

    public func float32Values() throws(IOError) -> [Float] { try values() }

    /// The elements converted to `Float` from any dtype (booleans become 0 and 1; wide
    /// integers and float64 round to the nearest `Float`).
    public func floatValues() throws(IOError) -> [Float] {
        let reader = ByteReader(data)
        let count = elementCount
        switch dtype {
        case .bool: return try reader.getIntegers(at: 0, count: count, endianness: .little, as: UInt8.self).map { $0 != 0 ? 1 : 0 }
        case .int8: return try reader.getIntegers(at: 0, count: count, endianness: .little, as: Int8.self).map { Float($0) }
        case .uint8: return try reader.getIntegers(at: 0, count: count, endianness: .little, as: UInt8.self).map { Float($0) }
        case .int16: return try reader.getIntegers(at: 0, count: count, endianness: .little, as: Int16.self).map { Float($0) }
        case .uint16: return try reader.getIntegers(at: 0, count: count, endianness: .little, as: UInt16.self).map { Float($0) }
        case .int32: return try reader.getIntegers(at: 0, count: count, endianness: .little, as: Int32.self).map { Float($0) }
        case .uint32: return try reader.getIntegers(at: 0, count: count, endianness: .little, as: UInt32.self).map { Float($0) }
        case .int64: return try reader.getIntegers(at: 0, count: count, endianness: .little, as: Int64.self).map { Float($0) }
        case .uint64: return try reader.getIntegers(at: 0, count: count, endianness: .little, as: UInt64.self).map { Float($0) }
        case .float16: return try reader.getIntegers(at: 0, count: count, endianness: .little, as: UInt16.self).map(Self.halfToFloat)
        case .float32: return try reader.getFloat32s(at: 0, count: count, endianness: .little)
        case .float64: return try reader.getFloat64s(at: 0, count: count, endianness: .little).map { Float($0) }
        }
    }

    // MARK: Helpers

    /// Bytes needed for `shape` of `dtype`, or an error if a dimension is negative or the
    /// size overflows.
    static func byteCount(shape: [Int], dtype: NpyDType) throws(IOError) -> Int {
        var total = dtype.itemSize
        for dimension in shape {
            guard dimension >= 0 else {
                throw .invalidNpy(reason: "shape \(pythonTuple(shape)) has a negative dimension")
            }
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw .invalidNpy(reason: "shape \(pythonTuple(shape)) of \(dtype) is too large to address")
            }
            total = product
        }
        return total
    }

    /// `shape` written the way Python prints a tuple: "()", "(3,)", "(2, 3)".
    static func pythonTuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// IEEE-754 binary16 to binary32, exact for every input.
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits >> 15) << 31
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits) & 0x3FF
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        if exponent == 0 {
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }
}

/// A tensor of the graph: an activation (no data) or a constant (little-endian data).
public struct Tensor: Sendable {
    public var name: String
    public var type: TensorType
    public var shape: [Int]
    public var quantization: Quantization?
    public var data: [UInt8]?
    /// On a graph input only: what the caller's values go through before the graph sees
    /// them (the graph computes on the normalized values).
    public var normalization: InputNormalization?

    public init(name: String, type: TensorType, shape: [Int],
                quantization: Quantization? = nil, data: [UInt8]? = nil) {
        self.name = name
        self.type = type
        self.shape = shape
        self.quantization = quantization
        self.data = data
    }

    public var isConstant: Bool { data != nil }
    public var elementCount: Int { shape.reduce(1, *) }
    public var byteCount: Int { elementCount * type.byteCount }

    /// The constant data read as little-endian int32 values (shape operands, bias).
    public var int32Values: [Int32]? {
        guard let data, type == .int32, data.count % 4 == 0 else { return nil }
        return stride(from: 0, to: data.count, by: 4).map { i in
            var value: UInt32 = 0
            for k in 0..<4 { value |= UInt32(data[i + k]) << (8 * UInt32(k)) }
            return Int32(bitPattern: value)
        }
    }

    /// The constant data read as int64 or int32 integers (axis and shape operands).
    public var integerValues: [Int]? {
        if let values = int32Values { return values.map(Int.init) }
        guard let data, type == .int64, data.count % 8 == 0 else { return nil }
        return stride(from: 0, to: data.count, by: 8).map { i in
            var value: UInt64 = 0
            for k in 0..<8 { value |= UInt64(data[i + k]) << (8 * UInt64(k)) }
            return Int(Int64(bitPattern: value))
        }
    }
}

extension Tensor {
    /// A float32 constant holding `values` (little-endian), shaped `shape`.
    public init(name: String, shape: [Int], floats values: [Float]) {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values for shape \(shape)")
        var data = [UInt8]()
        data.reserveCapacity(values.count * 4)
        for value in values {
            let bits = value.bitPattern
            for k in 0..<4 { data.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(k)))) }
        }
        self.init(name: name, type: .float32, shape: shape, data: data)
    }

    /// An int32 constant holding `values` (little-endian), shaped `shape`.
    public init(name: String, shape: [Int], int32s values: [Int32]) {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values for shape \(shape)")
        var data = [UInt8]()
        data.reserveCapacity(values.count * 4)
        for value in values {
            let bits = UInt32(bitPattern: value)
            for k in 0..<4 { data.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(k)))) }
        }
        self.init(name: name, type: .int32, shape: shape, data: data)
    }

    /// The constant data read as little-endian float32 values.
    public var floatValues: [Float]? {
        guard let data, type == .float32, data.count % 4 == 0 else { return nil }
        return stride(from: 0, to: data.count, by: 4).map { i in
            var bits: UInt32 = 0
            for k in 0..<4 { bits |= UInt32(data[i + k]) << (8 * UInt32(k)) }
            return Float(bitPattern: bits)
        }
    }
}

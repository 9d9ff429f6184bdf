/// A FlatBuffer value for building test files: scalars stored inline in a table, or
/// objects (tables, strings, vectors) stored elsewhere and referenced by offset.
indirect enum FlatBufferValue {
    case uint8(UInt8)
    case int8(Int8)
    case bool(Bool)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case uint64(UInt64)
    case float32(Float)
    case table(TestTable)
    case string(String)
    case bytes([UInt8])
    case int32s([Int32])
    case int64s([Int64])
    case float32s([Float])
    case tables([TestTable])
    case strings([String])

    /// Bytes the value takes inside its table (4 for a reference).
    var inlineSize: Int {
        switch self {
        case .uint8, .int8, .bool: 1
        case .int32, .uint32, .float32: 4
        case .int64, .uint64: 8
        default: 4
        }
    }
}

/// Element type of an IR tensor.
public enum TensorType: String, Sendable, Hashable {
    case int8, int16, int32, int64, float32, uint8, bool

    public var byteCount: Int {
        switch self {
        case .int8, .uint8, .bool: 1
        case .int16: 2
        case .int32, .float32: 4
        case .int64: 8
        }
    }
}

/// The scalar types a `.kgl` record field can have. Sizes are fixed and little-endian.
public enum ScalarType: Sendable {
    case u8, u16, u32, i32, f32

    public var byteCount: Int {
        switch self {
        case .u8: 1
        case .u16: 2
        case .u32, .i32, .f32: 4
        }
    }

    var cName: String {
        switch self {
        case .u8: "uint8_t"
        case .u16: "uint16_t"
        case .u32: "uint32_t"
        case .i32: "int32_t"
        case .f32: "float"
        }
    }
}

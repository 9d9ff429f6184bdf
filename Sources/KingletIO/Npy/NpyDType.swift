/// The element types KingletIO reads and writes in `.npy` files, all little-endian.
public enum NpyDType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case bool
    case int8
    case uint8
    case int16
    case uint16
    case int32
    case uint32
    case int64
    case uint64
    case float16
    case float32
    case float64

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .bool, .int8, .uint8: 1
        case .int16, .uint16, .float16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }

    /// numpy's kind letter: b(ool), i(nt), u(nsigned), f(loat).
    var kind: Character {
        switch self {
        case .bool: "b"
        case .int8, .int16, .int32, .int64: "i"
        case .uint8, .uint16, .uint32, .uint64: "u"
        case .float16, .float32, .float64: "f"
        }
    }

    /// The dtype string numpy writes for this type: '|' for one-byte types, '<' otherwise.
    public var descr: String {
        "\(itemSize == 1 ? "|" : "<")\(kind)\(itemSize)"
    }

    public var description: String { rawValue }

    /// The type numpy spells `descr` ("<f4", "|i1", ...), accepting only byte orders that
    /// make the data little-endian.
    public init(descr: String) throws(IOError) {
        let characters = Array(descr)
        guard characters.count >= 3, let size = Int(String(characters[2...])),
              let type = NpyDType.allCases.first(where: { $0.kind == characters[1] && $0.itemSize == size })
        else {
            let supported = NpyDType.allCases.map { "\($0) ('\($0.descr)')" }.joined(separator: ", ")
            throw .unsupportedNpy(reason: "dtype '\(descr)' is not supported; supported: \(supported)")
        }
        let order = characters[0]
        let sample = "'<\(characters[1])\(size)'"
        // Byte order does not apply to one-byte types; numpy writes '|' for them.
        let littleEndian = order == "<" || (size == 1 && "|>=".contains(order))
        guard littleEndian else {
            let detail = order == ">" ? " (big-endian); convert with arr.astype(\(sample))" : ""
            throw .unsupportedNpy(reason: "expected a little-endian dtype such as \(sample), got '\(descr)'\(detail)")
        }
        self = type
    }
}

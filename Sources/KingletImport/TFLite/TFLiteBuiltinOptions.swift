import KingletIO

/// The `builtin_options` union of an operator, parsed for the option tables Kinglet
/// uses. Empty option tables (PadOptions, PadV2Options) become payload-free cases; any
/// other table is kept as `.unparsed` with its union type code.
public enum TFLiteBuiltinOptions: Sendable, Hashable {
    /// The operator has no builtin options (union type NONE).
    case none
    case conv2D(TFLiteConv2DOptions)
    case depthwiseConv2D(TFLiteDepthwiseConv2DOptions)
    case fullyConnected(TFLiteFullyConnectedOptions)
    case pool2D(TFLitePool2DOptions)
    case add(TFLiteAddOptions)
    case sub(TFLiteSubOptions)
    case mul(TFLiteMulOptions)
    case concatenation(TFLiteConcatenationOptions)
    case reshape(TFLiteReshapeOptions)
    case softmax(TFLiteSoftmaxOptions)
    case squeeze(TFLiteSqueezeOptions)
    case reducer(TFLiteReducerOptions)
    case stridedSlice(TFLiteStridedSliceOptions)
    case pack(TFLitePackOptions)
    case leakyRelu(TFLiteLeakyReluOptions)
    case shape(TFLiteShapeOptions)
    case pad
    case padV2
    /// A table this reader does not parse; `typeCode` is its `BuiltinOptions` union index.
    case unparsed(typeCode: UInt8)

    /// `BuiltinOptions` union indices of the tables parsed above.
    enum TypeCode {
        static let conv2D: UInt8 = 1
        static let depthwiseConv2D: UInt8 = 2
        static let pool2D: UInt8 = 5
        static let fullyConnected: UInt8 = 8
        static let softmax: UInt8 = 9
        static let concatenation: UInt8 = 10
        static let add: UInt8 = 11
        static let reshape: UInt8 = 17
        static let mul: UInt8 = 21
        static let pad: UInt8 = 22
        static let reducer: UInt8 = 27
        static let sub: UInt8 = 28
        static let squeeze: UInt8 = 30
        static let stridedSlice: UInt8 = 32
        static let padV2: UInt8 = 43
        static let shape: UInt8 = 55
        static let pack: UInt8 = 59
        static let leakyRelu: UInt8 = 75
    }

    /// Parses the union value `table` whose union type is `typeCode` (never 0).
    init(typeCode: UInt8, table: FlatBufferTable) throws(IOError) {
        switch typeCode {
        case TypeCode.conv2D: self = .conv2D(try TFLiteConv2DOptions(table: table))
        case TypeCode.depthwiseConv2D: self = .depthwiseConv2D(try TFLiteDepthwiseConv2DOptions(table: table))
        case TypeCode.pool2D: self = .pool2D(try TFLitePool2DOptions(table: table))
        case TypeCode.fullyConnected: self = .fullyConnected(try TFLiteFullyConnectedOptions(table: table))
        case TypeCode.softmax: self = .softmax(try TFLiteSoftmaxOptions(table: table))
        case TypeCode.concatenation: self = .concatenation(try TFLiteConcatenationOptions(table: table))
        case TypeCode.add: self = .add(try TFLiteAddOptions(table: table))
        case TypeCode.reshape: self = .reshape(try TFLiteReshapeOptions(table: table))
        case TypeCode.mul: self = .mul(try TFLiteMulOptions(table: table))
        case TypeCode.pad: self = .pad
        case TypeCode.reducer: self = .reducer(try TFLiteReducerOptions(table: table))
        case TypeCode.sub: self = .sub(try TFLiteSubOptions(table: table))
        case TypeCode.squeeze: self = .squeeze(try TFLiteSqueezeOptions(table: table))
        case TypeCode.stridedSlice: self = .stridedSlice(try TFLiteStridedSliceOptions(table: table))
        case TypeCode.padV2: self = .padV2
        case TypeCode.shape: self = .shape(try TFLiteShapeOptions(table: table))
        case TypeCode.pack: self = .pack(try TFLitePackOptions(table: table))
        case TypeCode.leakyRelu: self = .leakyRelu(try TFLiteLeakyReluOptions(table: table))
        default: self = .unparsed(typeCode: typeCode)
        }
    }

    /// The schema name of the option table ("Conv2DOptions"), "NONE", or "UNKNOWN(n)".
    public var typeName: String {
        Self.typeName(forCode: typeCode)
    }

    /// The `BuiltinOptions` union index of this value (0 for `.none`).
    public var typeCode: UInt8 {
        switch self {
        case .none: 0
        case .conv2D: TypeCode.conv2D
        case .depthwiseConv2D: TypeCode.depthwiseConv2D
        case .fullyConnected: TypeCode.fullyConnected
        case .pool2D: TypeCode.pool2D
        case .add: TypeCode.add
        case .sub: TypeCode.sub
        case .mul: TypeCode.mul
        case .concatenation: TypeCode.concatenation
        case .reshape: TypeCode.reshape
        case .softmax: TypeCode.softmax
        case .squeeze: TypeCode.squeeze
        case .reducer: TypeCode.reducer
        case .stridedSlice: TypeCode.stridedSlice
        case .pack: TypeCode.pack
        case .leakyRelu: TypeCode.leakyRelu
        case .shape: TypeCode.shape
        case .pad: TypeCode.pad
        case .padV2: TypeCode.padV2
        case let .unparsed(code): code
        }
    }

    public static func typeName(forCode code: UInt8) -> String {
        typeNames.indices.contains(Int(code)) ? typeNames[Int(code)] : "UNKNOWN(\(code))"
    }
}

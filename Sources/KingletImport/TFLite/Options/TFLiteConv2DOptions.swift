import KingletIO

/// Options of CONV_2D (schema table `Conv2DOptions`).
public struct TFLiteConv2DOptions: Sendable, Hashable {
    public var padding: TFLitePadding
    public var strideW: Int32
    public var strideH: Int32
    public var fusedActivation: TFLiteActivation
    public var dilationWFactor: Int32
    public var dilationHFactor: Int32
    /// Bias and accumulator type for quantized kernels (operator version 8+); the
    /// default FLOAT32 (0) means "not set".
    public var quantizedBiasType: TFLiteTensorType

    public init(padding: TFLitePadding = .same, strideW: Int32 = 0, strideH: Int32 = 0,
                fusedActivation: TFLiteActivation = .none, dilationWFactor: Int32 = 1,
                dilationHFactor: Int32 = 1, quantizedBiasType: TFLiteTensorType = .float32) {
        self.padding = padding
        self.strideW = strideW
        self.strideH = strideH
        self.fusedActivation = fusedActivation
        self.dilationWFactor = dilationWFactor
        self.dilationHFactor = dilationHFactor
        self.quantizedBiasType = quantizedBiasType
    }

    private enum Field {
        static let padding = 0, strideW = 1, strideH = 2, fusedActivation = 3
        static let dilationWFactor = 4, dilationHFactor = 5, quantizedBiasType = 6
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(
            padding: TFLitePadding(rawValue: try table.scalar(Field.padding, default: 0)),
            strideW: try table.scalar(Field.strideW, default: 0),
            strideH: try table.scalar(Field.strideH, default: 0),
            fusedActivation: TFLiteActivation(rawValue: try table.scalar(Field.fusedActivation, default: 0)),
            dilationWFactor: try table.scalar(Field.dilationWFactor, default: 1),
            dilationHFactor: try table.scalar(Field.dilationHFactor, default: 1),
            quantizedBiasType: TFLiteTensorType(rawValue: try table.scalar(Field.quantizedBiasType, default: 0)))
    }
}

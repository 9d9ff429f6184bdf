import KingletIO

/// Options of DEPTHWISE_CONV_2D (schema table `DepthwiseConv2DOptions`).
public struct TFLiteDepthwiseConv2DOptions: Sendable, Hashable {
    public var padding: TFLitePadding
    public var strideW: Int32
    public var strideH: Int32
    /// Redundant with the filter shape in current converters, and ignored by recent
    /// TFLite kernels; kept for checking.
    public var depthMultiplier: Int32
    public var fusedActivation: TFLiteActivation
    public var dilationWFactor: Int32
    public var dilationHFactor: Int32

    public init(padding: TFLitePadding = .same, strideW: Int32 = 0, strideH: Int32 = 0,
                depthMultiplier: Int32 = 0, fusedActivation: TFLiteActivation = .none,
                dilationWFactor: Int32 = 1, dilationHFactor: Int32 = 1) {
        self.padding = padding
        self.strideW = strideW
        self.strideH = strideH
        self.depthMultiplier = depthMultiplier
        self.fusedActivation = fusedActivation
        self.dilationWFactor = dilationWFactor
        self.dilationHFactor = dilationHFactor
    }

    private enum Field {
        static let padding = 0, strideW = 1, strideH = 2, depthMultiplier = 3
        static let fusedActivation = 4, dilationWFactor = 5, dilationHFactor = 6
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(
            padding: TFLitePadding(rawValue: try table.scalar(Field.padding, default: 0)),
            strideW: try table.scalar(Field.strideW, default: 0),
            strideH: try table.scalar(Field.strideH, default: 0),
            depthMultiplier: try table.scalar(Field.depthMultiplier, default: 0),
            fusedActivation: TFLiteActivation(rawValue: try table.scalar(Field.fusedActivation, default: 0)),
            dilationWFactor: try table.scalar(Field.dilationWFactor, default: 1),
            dilationHFactor: try table.scalar(Field.dilationHFactor, default: 1))
    }
}

import KingletIO

/// Options of AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D (schema table `Pool2DOptions`).
public struct TFLitePool2DOptions: Sendable, Hashable {
    public var padding: TFLitePadding
    public var strideW: Int32
    public var strideH: Int32
    public var filterWidth: Int32
    public var filterHeight: Int32
    public var fusedActivation: TFLiteActivation

    public init(padding: TFLitePadding = .same, strideW: Int32 = 0, strideH: Int32 = 0,
                filterWidth: Int32 = 0, filterHeight: Int32 = 0, fusedActivation: TFLiteActivation = .none) {
        self.padding = padding
        self.strideW = strideW
        self.strideH = strideH
        self.filterWidth = filterWidth
        self.filterHeight = filterHeight
        self.fusedActivation = fusedActivation
    }

    private enum Field {
        static let padding = 0, strideW = 1, strideH = 2, filterWidth = 3, filterHeight = 4, fusedActivation = 5
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(
            padding: TFLitePadding(rawValue: try table.scalar(Field.padding, default: 0)),
            strideW: try table.scalar(Field.strideW, default: 0),
            strideH: try table.scalar(Field.strideH, default: 0),
            filterWidth: try table.scalar(Field.filterWidth, default: 0),
            filterHeight: try table.scalar(Field.filterHeight, default: 0),
            fusedActivation: TFLiteActivation(rawValue: try table.scalar(Field.fusedActivation, default: 0)))
    }
}

import KingletIO

/// Options of STRIDED_SLICE (schema table `StridedSliceOptions`); bit `i` of a mask
/// refers to axis `i` of the begin/end/strides inputs.
public struct TFLiteStridedSliceOptions: Sendable, Hashable {
    public var beginMask: Int32
    public var endMask: Int32
    public var ellipsisMask: Int32
    public var newAxisMask: Int32
    public var shrinkAxisMask: Int32
    /// When true, `end` is an offset from `begin` rather than an absolute index.
    public var offset: Bool

    public init(beginMask: Int32 = 0, endMask: Int32 = 0, ellipsisMask: Int32 = 0,
                newAxisMask: Int32 = 0, shrinkAxisMask: Int32 = 0, offset: Bool = false) {
        self.beginMask = beginMask
        self.endMask = endMask
        self.ellipsisMask = ellipsisMask
        self.newAxisMask = newAxisMask
        self.shrinkAxisMask = shrinkAxisMask
        self.offset = offset
    }

    private enum Field {
        static let beginMask = 0, endMask = 1, ellipsisMask = 2, newAxisMask = 3, shrinkAxisMask = 4, offset = 5
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(
            beginMask: try table.scalar(Field.beginMask, default: 0),
            endMask: try table.scalar(Field.endMask, default: 0),
            ellipsisMask: try table.scalar(Field.ellipsisMask, default: 0),
            newAxisMask: try table.scalar(Field.newAxisMask, default: 0),
            shrinkAxisMask: try table.scalar(Field.shrinkAxisMask, default: 0),
            offset: try table.bool(Field.offset, default: false))
    }
}

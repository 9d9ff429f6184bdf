/// Attributes of STRIDED_SLICE (inputs: input, begin, end, strides), as TFLite's bit masks.
public struct StridedSliceAttributes: Sendable, Hashable {
    public var beginMask: Int
    public var endMask: Int
    public var ellipsisMask: Int
    public var newAxisMask: Int
    public var shrinkAxisMask: Int

    public init(beginMask: Int, endMask: Int, ellipsisMask: Int, newAxisMask: Int,
                shrinkAxisMask: Int) {
        self.beginMask = beginMask
        self.endMask = endMask
        self.ellipsisMask = ellipsisMask
        self.newAxisMask = newAxisMask
        self.shrinkAxisMask = shrinkAxisMask
    }
}

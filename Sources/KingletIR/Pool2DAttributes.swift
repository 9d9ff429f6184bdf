/// Attributes of AVERAGE_POOL_2D and MAX_POOL_2D.
public struct Pool2DAttributes: Sendable, Hashable {
    public var filterH: Int
    public var filterW: Int
    public var strideH: Int
    public var strideW: Int
    public var padding: Padding
    public var activation: Activation

    public init(filterH: Int, filterW: Int, strideH: Int, strideW: Int,
                padding: Padding, activation: Activation) {
        self.filterH = filterH
        self.filterW = filterW
        self.strideH = strideH
        self.strideW = strideW
        self.padding = padding
        self.activation = activation
    }
}

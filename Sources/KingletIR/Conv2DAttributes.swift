/// Attributes of CONV_2D and DEPTHWISE_CONV_2D (inputs: input NHWC, filter, bias).
/// Filter layout: [out, kh, kw, in] for CONV_2D, [1, kh, kw, in·depthMultiplier] for depthwise.
public struct Conv2DAttributes: Sendable, Hashable {
    public var strideH: Int
    public var strideW: Int
    public var dilationH: Int
    public var dilationW: Int
    public var padding: Padding
    public var activation: Activation
    public var depthMultiplier: Int

    public init(strideH: Int, strideW: Int, dilationH: Int = 1, dilationW: Int = 1,
                padding: Padding, activation: Activation, depthMultiplier: Int = 1) {
        self.strideH = strideH
        self.strideW = strideW
        self.dilationH = dilationH
        self.dilationW = dilationW
        self.padding = padding
        self.activation = activation
        self.depthMultiplier = depthMultiplier
    }
}

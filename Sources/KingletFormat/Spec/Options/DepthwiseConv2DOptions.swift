/// DEPTHWISE_CONV_2D options; as CONV_2D plus the depth multiplier (output channels = input channels × depth multiplier).
public enum DepthwiseConv2DOptions: Int, OperatorOptions {
    case inputOffset
    case outputOffset
    case strideH
    case strideW
    case dilationH
    case dilationW
    case padTop
    case padLeft
    case activationMin
    case activationMax
    case multipliers
    case shifts
    case depthMultiplier
}

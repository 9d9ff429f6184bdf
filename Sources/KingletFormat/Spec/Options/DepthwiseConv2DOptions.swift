/// DEPTHWISE_CONV_2D options; as CONV_2D (weights [1,KH,KW,Cout]) plus the depth multiplier:
/// Cout = Cin × depthMultiplier, output channel c reading input channel c / depthMultiplier;
/// then `foldedBias` as CONV_2D's.
/// 16x8 as CONV_2D's.
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
    case foldedBias
}

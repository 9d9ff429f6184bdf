/// AVERAGE_POOL_2D and MAX_POOL_2D options, NHWC int8. Padding is explicit (top/left); a
/// window is clipped to the input, so padded positions are never read (TFLite's pooling).
/// Input and output share scale and zero point, so no rescaling is needed.
public enum Pool2DOptions: Int, OperatorOptions {
    case strideH
    case strideW
    case filterH
    case filterW
    case padTop
    case padLeft
    case activationMin
    case activationMax
}

/// CONV_2D options. `multipliers` and `shifts` are data-section offsets of int32[output channels]; padding is explicit (top/left), the kernel treats positions outside the input as the input zero point.
public enum Conv2DOptions: Int, OperatorOptions {
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
}

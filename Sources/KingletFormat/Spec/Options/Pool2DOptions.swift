/// AVERAGE_POOL_2D and MAX_POOL_2D options (input and output share scale and zero point).
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

/// DEQUANTIZE options: the input's zero point and the float bits of its scale.
public enum DequantizeOptions: Int, OperatorOptions {
    case inputZeroPoint
    case scaleBits
}

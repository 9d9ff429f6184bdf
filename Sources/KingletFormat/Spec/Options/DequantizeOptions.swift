/// DEQUANTIZE options: the input's zero point and the float bits of its scale (int8 input, or
/// int16 for kgl_dequantize_s16).
public enum DequantizeOptions: Int, OperatorOptions {
    case inputZeroPoint
    case scaleBits
}

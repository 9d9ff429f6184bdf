/// QUANTIZE options. From float32: `scaleBits` holds the output scale's float bits. From int8 (requantize): multiplier and shift.
public enum QuantizeOptions: Int, OperatorOptions {
    case outputZeroPoint
    case scaleBits
    case inputOffset
    case multiplier
    case shift
}

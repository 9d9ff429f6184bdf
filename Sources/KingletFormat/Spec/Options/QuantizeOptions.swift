/// QUANTIZE options (to int8). From float32: `scaleBits` holds the output scale's float bits.
/// From int8 (requantize): `inputOffset` (the input zero point), `multiplier` and `shift` (input
/// scale / output scale). `outputZeroPoint` in both cases.
public enum QuantizeOptions: Int, OperatorOptions {
    case outputZeroPoint
    case scaleBits
    case inputOffset
    case multiplier
    case shift
}

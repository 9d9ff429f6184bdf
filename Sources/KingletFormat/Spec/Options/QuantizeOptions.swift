/// QUANTIZE options (to int8 or int16). From float32: `scaleBits` holds the output scale's
/// float bits. From int8 or int16 (requantize): `inputOffset` (the input zero point),
/// `multiplier` and `shift` (input scale / output scale). `outputZeroPoint` in both cases.
/// With an int16 side it runs kgl_quantize_s16, whose zero points fit their tensor's type.
public enum QuantizeOptions: Int, OperatorOptions {
    case outputZeroPoint
    case scaleBits
    case inputOffset
    case multiplier
    case shift
}

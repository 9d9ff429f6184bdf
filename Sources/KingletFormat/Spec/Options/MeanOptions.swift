/// MEAN options, TFLite's int8 QuantizedMeanOrSum: bit k of `axisMask` reduces input axis
/// k; each output is MultiplyByQuantizedMultiplier(Σx + inputOffset·n, multiplier, shift) +
/// outputOffset, clamped to int8, where n is the number of reduced elements and the
/// multiplier already includes the 1/n (computed at compile time exactly as TFLite does).
/// `inputOffset` is −(input zero point); `outputOffset` the output zero point.
public enum MeanOptions: Int, OperatorOptions {
    case axisMask
    case inputOffset
    case outputOffset
    case multiplier
    case shift
}

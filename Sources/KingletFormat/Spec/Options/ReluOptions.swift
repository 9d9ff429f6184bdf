/// RELU and RELU6 options. RELU requantizes x − `inputOffset` (the input zero point) by
/// `outputMultiplier`/`outputShift`, adds `outputOffset` (the output zero point) and clamps to
/// [`activationMin`, `activationMax`]. RELU6, as TFLite Micro runs it, only clamps the input
/// values to [`activationMin`, `activationMax`] (quantized 0 and 6 of the input) and leaves the
/// other slots 0.
public enum ReluOptions: Int, OperatorOptions {
    case inputOffset
    case outputOffset
    case outputMultiplier
    case outputShift
    case activationMin
    case activationMax
}

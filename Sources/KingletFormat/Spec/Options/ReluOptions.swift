/// RELU and RELU6 options: requantize the input to the output scale, then clamp.
public enum ReluOptions: Int, OperatorOptions {
    case inputOffset
    case outputOffset
    case outputMultiplier
    case outputShift
    case activationMin
    case activationMax
}

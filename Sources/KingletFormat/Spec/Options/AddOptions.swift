/// ADD options, TFLite's integer add: both inputs shifted left by `leftShift`, rescaled to a common scale, summed, rescaled to the output.
public enum AddOptions: Int, OperatorOptions {
    case input1Offset
    case input2Offset
    case outputOffset
    case leftShift
    case input1Multiplier
    case input1Shift
    case input2Multiplier
    case input2Shift
    case outputMultiplier
    case outputShift
    case activationMin
    case activationMax
}

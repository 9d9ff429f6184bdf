/// MUL options.
public enum MulOptions: Int, OperatorOptions {
    case input1Offset
    case input2Offset
    case outputOffset
    case outputMultiplier
    case outputShift
    case activationMin
    case activationMax
}

/// MUL options, TFLite's int8 mul: (x1 + input1Offset)·(x2 + input2Offset) rescaled by the
/// output multiplier and shift, plus `outputOffset`, clamped. Offsets are −zero point for
/// the inputs and the zero point for the output. Shapes broadcast (NumPy rules, rank ≤ 6).
public enum MulOptions: Int, OperatorOptions {
    case input1Offset
    case input2Offset
    case outputOffset
    case outputMultiplier
    case outputShift
    case activationMin
    case activationMax
}

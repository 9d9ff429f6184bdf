/// ADD options, TFLite's int8 add (add_common.cc): each input, offset by its `inputNOffset`
/// (= −zero point), shifted left by `leftShift`, scaled by its multiplier (shift ≤ 0); the
/// sum scaled by the output multiplier (shift ≤ 0), plus `outputOffset` (= output zero
/// point), clamped to the activation range. Shapes broadcast (NumPy rules, rank ≤ 6).
/// 16x8 (all operands int16; kgl_add_s16): offsets 0, left shift ≤ 15 (TFLite's 15), the
/// clamp within int16.
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

/// LEAKY_RELU options: separate multipliers for the identity (x ≥ zero point) and alpha
/// (x < zero point) branches; the alpha multiplier is negative for a negative alpha.
/// `inputOffset` and `outputOffset` are the input and output zero points.
public enum LeakyReluOptions: Int, OperatorOptions {
    case inputOffset
    case outputOffset
    case identityMultiplier
    case identityShift
    case alphaMultiplier
    case alphaShift
}

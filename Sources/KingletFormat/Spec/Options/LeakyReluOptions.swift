/// LEAKY_RELU options: separate multipliers for the identity (x ≥ 0) and alpha (x < 0) branches.
public enum LeakyReluOptions: Int, OperatorOptions {
    case inputOffset
    case outputOffset
    case identityMultiplier
    case identityShift
    case alphaMultiplier
    case alphaShift
}

/// FULLY_CONNECTED options (operands: input of any rank read as rows of `depth`, weights
/// [units, depth], bias int32 [units]; output ending in units, rows = elements / units).
/// Offsets and clamp as CONV_2D; `multipliers`/`shifts` are data-section offsets of
/// int32[units] (a per-tensor multiplier is repeated per unit). 16x8 (int16 input and output,
/// int64 bias) as CONV_2D's. `foldedBias` as CONV_2D's (since 1.6).
public enum FullyConnectedOptions: Int, OperatorOptions {
    case inputOffset
    case outputOffset
    case activationMin
    case activationMax
    case multipliers
    case shifts
    case foldedBias
}

/// FULLY_CONNECTED options. `multipliers`/`shifts` are data-section offsets of int32[output units] (a per-tensor multiplier is repeated per unit).
public enum FullyConnectedOptions: Int, OperatorOptions {
    case inputOffset
    case outputOffset
    case activationMin
    case activationMax
    case multipliers
    case shifts
}

/// HARD_SWISH options as TFLite's HardSwishParams (16-bit fixed-point multipliers).
public enum HardSwishOptions: Int, OperatorOptions {
    case inputZeroPoint
    case outputZeroPoint
    case reluishMultiplierFixedpointInt16
    case reluishMultiplierExponent
    case outputMultiplierFixedpointInt16
    case outputMultiplierExponent
}

/// LOGISTIC and TANH options: the input rescaled to fixed point Q4.27 (TFLite Micro's int8 formulation).
public enum LogisticOptions: Int, OperatorOptions {
    case inputZeroPoint
    case inputRangeRadius
    case inputMultiplier
    case inputLeftShift
}

/// LOGISTIC and TANH options: the input rescaled to fixed point Q4.27 (TFLite Micro's int8
/// formulation). x − `inputZeroPoint` saturates the output when its magnitude reaches
/// `inputRangeRadius`; otherwise `inputMultiplier` (Q31) and `inputLeftShift` (0…30) take it to
/// Q4.27 for gemmlowp's logistic / tanh.
public enum LogisticOptions: Int, OperatorOptions {
    case inputZeroPoint
    case inputRangeRadius
    case inputMultiplier
    case inputLeftShift
}

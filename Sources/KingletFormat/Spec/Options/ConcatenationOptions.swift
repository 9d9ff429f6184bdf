/// CONCATENATION options: the axis (0-based, non-negative). Bytes are copied; all operands share scale and zero point.
public enum ConcatenationOptions: Int, OperatorOptions {
    case axis
}

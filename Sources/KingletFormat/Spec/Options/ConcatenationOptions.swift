/// CONCATENATION options: the axis (0-based, non-negative). Bytes are copied: every operand
/// has the same element type, and for int8 the same scale and zero point (TFLite Micro
/// refuses int8 inputs that would need rescaling).
public enum ConcatenationOptions: Int, OperatorOptions {
    case axis
}

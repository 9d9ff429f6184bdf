/// How quantization-aware training moves the activation ranges it starts from.
public enum RangeUpdate: String, Sendable {
    /// Each batch's min/max, by a moving average (ranges that started at min/max).
    case tracked
    /// Kept where they started (a clipping method's ranges would drift back to min/max).
    case fixed
    /// Learned by gradient with the weights (`--qat-ranges learned`).
    case learned
}

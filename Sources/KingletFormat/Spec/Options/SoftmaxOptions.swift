/// SOFTMAX options (over the last axis), as TFLite Micro's int8 softmax prepares them
/// (PreprocessSoftmaxScaling): a difference x − max(row) is rescaled to Q5.26 by
/// `inputMultiplier` (Q31, ≥ 2^30) after a left shift by `inputLeftShift` (1…31); differences
/// below `diffMin` (= −floor(31 · 2^26 / 2^inputLeftShift)) count as zero probability.
public enum SoftmaxOptions: Int, OperatorOptions {
    case inputMultiplier
    case inputLeftShift
    case diffMin
}

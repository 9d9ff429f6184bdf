/// REDUCE_MAX options (since format 1.3): bit k of `axisMask` reduces input axis k. Each
/// output is the largest of its int8 inputs. Input and output share scale and zero point
/// (TFLite Micro requires it), so nothing is rescaled.
public enum ReduceMaxOptions: Int, OperatorOptions {
    case axisMask
}

/// MEAN options: the reduced axes as a bit mask over the input's axes, and the rescaling from input to output.
public enum MeanOptions: Int, OperatorOptions {
    case axisMask
    case inputOffset
    case outputOffset
    case multiplier
    case shift
}

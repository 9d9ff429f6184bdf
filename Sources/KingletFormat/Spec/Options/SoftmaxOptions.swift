/// SOFTMAX options (over the last axis), as TFLite Micro's int8 softmax prepares them.
public enum SoftmaxOptions: Int, OperatorOptions {
    case inputMultiplier
    case inputLeftShift
    case diffMin
}

/// A fused activation: the clamp applied to an operator's output.
public enum Activation: String, Sendable, Hashable {
    case none, relu, relu6, reluN1To1
}

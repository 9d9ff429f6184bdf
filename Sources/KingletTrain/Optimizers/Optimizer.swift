/// How parameters move from their gradients; Keras 3's update rules, so a learning rate
/// tuned in Keras means the same here.
public enum Optimizer: Sendable, Hashable {
    /// v ← momentum·v − lr·g; w ← w + v (momentum 0: plain gradient descent).
    case sgd(momentum: Double)
    /// Adam with bias correction: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g²,
    /// w ← w − lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε).
    case adam(beta1: Double, beta2: Double, epsilon: Double)

    public static let adamDefaults = Optimizer.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-7)

    public var name: String {
        switch self {
        case .sgd(let momentum): momentum == 0 ? "sgd" : "sgd (momentum \(momentum))"
        case .adam: "adam"
        }
    }
}

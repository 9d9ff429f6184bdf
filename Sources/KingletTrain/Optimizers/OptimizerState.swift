import Foundation

/// The moving quantities of an optimizer for a set of parameter tensors, and the update.
struct OptimizerState: Sendable {
    let optimizer: Optimizer
    /// Weight decay per step, decoupled from the gradient (Keras 3, AdamW): w ← w − lr·λ·w,
    /// applied to kernels (rank ≥ 2), not to biases and normalization parameters.
    let weightDecay: Double
    /// Per parameter tensor: momentum or first moment, and second moment.
    private var first: [[Float]]
    private var second: [[Float]]
    private var step = 0

    init(optimizer: Optimizer, weightDecay: Double, sizes: [Int]) {
        self.optimizer = optimizer
        self.weightDecay = weightDecay
        first = sizes.map { [Float](repeating: 0, count: $0) }
        switch optimizer {
        case .adam: second = sizes.map { [Float](repeating: 0, count: $0) }
        case .sgd: second = sizes.map { _ in [] }
        }
    }

    /// One step over every parameter: `values[i]` moves by `gradients[i]` (an empty gradient
    /// leaves it alone); `decays[i]` says whether weight decay applies to it.
    mutating func update(_ values: inout [[Float]], gradients: [[Float]], decays: [Bool], learningRate: Double) {
        step += 1
        let lr = Float(learningRate)
        let decay = Float(learningRate * weightDecay)
        for i in values.indices where !gradients[i].isEmpty {
            if decays[i] && decay != 0 {
                for k in values[i].indices { values[i][k] -= decay * values[i][k] }
            }
            switch optimizer {
            case .sgd(let momentum):
                let mu = Float(momentum)
                for k in values[i].indices {
                    first[i][k] = mu * first[i][k] - lr * gradients[i][k]
                    values[i][k] += first[i][k]
                }
            case .adam(let beta1, let beta2, let epsilon):
                let t = Double(step)
                let rate = Float(learningRate * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t)))
                let (b1, b2, eps) = (Float(beta1), Float(beta2), Float(epsilon))
                for k in values[i].indices {
                    let g = gradients[i][k]
                    first[i][k] = b1 * first[i][k] + (1 - b1) * g
                    second[i][k] = b2 * second[i][k] + (1 - b2) * g * g
                    values[i][k] -= rate * first[i][k] / (second[i][k].squareRoot() + eps)
                }
            }
        }
    }
}

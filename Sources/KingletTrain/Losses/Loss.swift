import Foundation

/// What training minimizes, averaged over the batch (Keras's "sum over batch size"). The
/// classification losses read logits: the trainer hands them the input of a final SOFTMAX
/// (or LOGISTIC for binary cross-entropy), which keeps them exact for confident models.
public enum Loss: Sendable, Hashable {
    /// Integer class labels against logits.
    case sparseCategoricalCrossentropy
    /// One-hot or soft target distributions against logits.
    case categoricalCrossentropy
    /// Independent 0…1 targets against logits, per output.
    case binaryCrossentropy
    /// (prediction − target)², averaged over outputs.
    case meanSquaredError

    public var name: String {
        switch self {
        case .sparseCategoricalCrossentropy: "sparse categorical cross-entropy"
        case .categoricalCrossentropy: "categorical cross-entropy"
        case .binaryCrossentropy: "binary cross-entropy"
        case .meanSquaredError: "mean squared error"
        }
    }

    /// Whether the loss reads logits (and so the input of a final SOFTMAX or LOGISTIC).
    public var readsLogits: Bool { self != .meanSquaredError }

    /// The mean loss over the `batch` rows of `output` (logits, or predictions for MSE) and
    /// its gradient. `targets` holds one class index per row (sparse) or a row of values.
    public func evaluate(_ output: [Float], targets: [Float], batch: Int) -> (loss: Double, gradient: [Float]) {
        let width = output.count / Swift.max(batch, 1)
        var gradient = [Float](repeating: 0, count: output.count)
        var total = 0.0
        let inverseBatch = 1 / Double(batch)
        for b in 0..<batch {
            let row = b * width
            switch self {
            case .sparseCategoricalCrossentropy, .categoricalCrossentropy:
                let probabilities = Self.softmax(output, start: row, count: width, temperature: 1)
                for j in 0..<width {
                    let target = self == .sparseCategoricalCrossentropy
                        ? (Int(targets[b]) == j ? 1.0 : 0.0) : Double(targets[row + j])
                    if target != 0 { total -= target * Foundation.log(Swift.max(probabilities[j], 1e-300)) }
                    gradient[row + j] = Float((probabilities[j] * Self.sum(targets, self, b, width) - target) * inverseBatch)
                }
            case .binaryCrossentropy:
                var rowLoss = 0.0
                for j in 0..<width {
                    let z = Double(output[row + j])
                    let y = Double(targets[row + j])
                    // log(1 + e^−|z|) + max(z, 0) − z·y, stable for any z.
                    rowLoss += Swift.max(z, 0) - z * y + Foundation.log1p(Foundation.exp(-Swift.abs(z)))
                    gradient[row + j] = Float((1 / (1 + Foundation.exp(-z)) - y) / Double(width) * inverseBatch)
                }
                total += rowLoss / Double(width)
            case .meanSquaredError:
                var rowLoss = 0.0
                for j in 0..<width {
                    let d = Double(output[row + j]) - Double(targets[row + j])
                    rowLoss += d * d
                    gradient[row + j] = Float(2 * d / Double(width) * inverseBatch)
                }
                total += rowLoss / Double(width)
            }
        }
        return (total * inverseBatch, gradient)
    }

    /// The sum of row `b`'s target distribution (1 for sparse labels).
    private static func sum(_ targets: [Float], _ loss: Loss, _ b: Int, _ width: Int) -> Double {
        guard loss == .categoricalCrossentropy else { return 1 }
        var s = 0.0
        for j in 0..<width { s += Double(targets[b * width + j]) }
        return s
    }

    /// softmax(values[start ..< start + count] / temperature) in Double.
    static func softmax(_ values: [Float], start: Int, count: Int, temperature: Double) -> [Double] {
        var peak = -Double.infinity
        for j in 0..<count { peak = Swift.max(peak, Double(values[start + j]) / temperature) }
        var result = (0..<count).map { Foundation.exp(Double(values[start + $0]) / temperature - peak) }
        let total = result.reduce(0, +)
        for j in 0..<count { result[j] /= total }
        return result
    }
}

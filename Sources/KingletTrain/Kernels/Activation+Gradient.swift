import KingletIR

extension Activation {
    /// The fused activation applied to every value, in place.
    func apply(to values: inout [Float]) {
        switch self {
        case .none: return
        case .relu: for i in values.indices { values[i] = Swift.max(values[i], 0) }
        case .relu6: for i in values.indices { values[i] = Swift.min(Swift.max(values[i], 0), 6) }
        case .reluN1To1: for i in values.indices { values[i] = Swift.min(Swift.max(values[i], -1), 1) }
        }
    }

    /// The epilogue of the weighted kernels: the bias (one value per channel, the last axis;
    /// none when empty) added, then the activation applied, in place.
    func apply(to values: inout [Float], addingBias bias: [Float]) {
        if !bias.isEmpty { ChannelSums.add(bias, to: &values) }
        apply(to: &values)
    }

    /// The gradient before the activation from the gradient after it, given the activated
    /// `output`: zero where the clamp was active (TensorFlow's ReluGrad and Relu6Grad).
    func backpropagate(_ gradient: [Float], output: [Float]) -> [Float] {
        let (low, high): (Float, Float)
        switch self {
        case .none: return gradient
        case .relu: (low, high) = (0, .infinity)
        case .relu6: (low, high) = (0, 6)
        case .reluN1To1: (low, high) = (-1, 1)
        }
        var result = gradient
        result.withUnsafeMutableBufferPointer { r in
            output.withUnsafeBufferPointer { y in
                for i in r.indices where !(y[i] > low && y[i] < high) { r[i] = 0 }
            }
        }
        return result
    }
}

import KingletPasses

/// Learns the activation ranges of quantization-aware training by gradient, as learned step
/// size quantization (LSQ) does for the scale: with the range [low, high] on a grid of 255
/// steps s = (high − low) / 255, a value v rounded to y moves with the bounds as
///   v > high: ∂y/∂high = 1;   v < low: ∂y/∂low = 1;
///   inside:   ∂y/∂high = (y − v) / (s · 255),  ∂y/∂low = −(y − v) / (s · 255)
/// (rounding passes straight through, the rounding error does not). The clipped values pull
/// a bound outwards and the rounding error of the values inside pulls it in, so a range
/// settles where clipping and resolution balance for the loss.
///
/// A bound that starts at zero stays there (ReLU outputs keep low = 0: a range must include
/// 0, and widening it below would only cost resolution). Each bound moves in units of the
/// range's starting width with Adam, so wide and narrow ranges learn at the same relative
/// pace.
struct RangeLearning: Sendable {
    /// The tensors whose ranges learn, and their starting widths.
    let tensors: [Int]
    let widths: [Float]
    /// Per tensor, whether its low and high bounds may move.
    let moves: [(low: Bool, high: Bool)]
    /// The bounds in units of the starting width: [low, high] per tensor.
    private var bounds: [[Float]]
    private var optimizer: OptimizerState

    init(ranges: [Int: ClosedRange<Float>], optimizer: Optimizer) {
        tensors = ranges.keys.sorted()
        widths = tensors.map { t in Swift.max(ranges[t]!.upperBound - ranges[t]!.lowerBound, 1e-6) }
        moves = tensors.map { t in (ranges[t]!.lowerBound < 0, ranges[t]!.upperBound > 0) }
        bounds = zip(tensors, widths).map { t, w in [ranges[t]!.lowerBound / w, ranges[t]!.upperBound / w] }
        self.optimizer = OptimizerState(optimizer: optimizer, weightDecay: 0, sizes: tensors.map { _ in 2 })
    }

    /// The gradient of the loss with respect to a range's [low, high], from the values before
    /// rounding (`raw`), after (`rounded`) and the loss gradient at the rounded values.
    static func gradient(raw: [Float], rounded: [Float], outputGradient: [Float],
                         range: ClosedRange<Float>) -> (low: Float, high: Float) {
        let scale = ActivationQuantization(low: range.lowerBound, high: range.upperBound).scale
        let inside = 1 / (scale * 255)
        var (low, high) = (Float(0), Float(0))
        for k in raw.indices {
            let v = raw[k], g = outputGradient[k]
            if v > range.upperBound {
                high += g
            } else if v < range.lowerBound {
                low += g
            } else {
                let term = g * (rounded[k] - v) * inside
                high += term
                low -= term
            }
        }
        return (low, high)
    }

    /// One optimizer step of every range from the pass's values and the loss gradients of the
    /// rounded tensors; returns the new ranges.
    mutating func step(_ pass: TrainingGraph.Pass, gradients: [[Float]], learningRate: Double) -> [Int: ClosedRange<Float>] {
        var steps = [[Float]](repeating: [], count: tensors.count)
        for (i, t) in tensors.enumerated() {
            guard let raw = pass.raw[t], !gradients[t].isEmpty else { continue }
            let range = (bounds[i][0] * widths[i])...(bounds[i][1] * widths[i])
            let g = Self.gradient(raw: raw, rounded: pass.values[t], outputGradient: gradients[t], range: range)
            steps[i] = [moves[i].low ? g.low * widths[i] : 0, moves[i].high ? g.high * widths[i] : 0]
        }
        optimizer.update(&bounds, gradients: steps, decays: tensors.map { _ in false }, learningRate: learningRate)
        var ranges: [Int: ClosedRange<Float>] = [:]
        for (i, t) in tensors.enumerated() {
            // A range keeps 0 inside and a width of at least a millionth of where it started.
            let low = Swift.min(bounds[i][0], 0), high = Swift.max(bounds[i][1], 0, low + 1e-6)
            bounds[i] = [low, high]
            ranges[t] = (low * widths[i])...(high * widths[i])
        }
        return ranges
    }
}

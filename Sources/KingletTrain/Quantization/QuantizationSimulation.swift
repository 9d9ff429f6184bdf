import Foundation
import KingletIR
import KingletPasses

/// Quantization-aware training's view of the int8 model: every filter rounded per output
/// channel and every activation rounded to its range, with the quantizer's own rules
/// (`WeightQuantizer.perChannel`, `ActivationQuantization`), so the forward pass sees the
/// int8 model's values. An activation rounds with the parameters the int8 model gives it
/// (`Int8ActivationSharing`): its own range, its input's (pooling, reshape), or the kernel's
/// fixed ones (softmax). Gradients pass straight through the rounding (the straight-through
/// estimator), and stop where an activation was clipped to its range.
public struct QuantizationSimulation: Sendable {
    /// Per filter tensor, its output-channel axis.
    let filters: [Int: Int]
    /// The activation tensors that are rounded: graph inputs and operator outputs.
    public let activations: [Int]
    /// The current range of each activation.
    public internal(set) var ranges: [Int: ClosedRange<Float>]
    /// Where each activation's int8 parameters come from.
    let sharing: [Int: Int8ActivationSharing.Source]
    /// How much of the old range a training step keeps (exponential moving average of the
    /// batch minimum and maximum); 1 keeps the ranges fixed (ranges that clip, chosen by a
    /// calibration method, would otherwise drift back to the batches' min/max).
    public let momentum: Float
    /// Whether the ranges are learned by gradient (`RangeLearning`) instead of following the
    /// batches; a tensor without a starting range still takes its first batch's.
    public let learnsRanges: Bool

    /// Ranges start at `initial` (calibration), or at the first batch's range.
    public init(graph: Graph, initial: [Int: ClosedRange<Float>] = [:], momentum: Float = 0.99, learnsRanges: Bool = false) {
        var filters: [Int: Int] = [:]
        for op in graph.operators {
            guard op.kind.hasQuantizedWeights, let axis = op.kind.filterChannelAxis, op.inputs.count > 1,
                  op.inputs[1] >= 0, graph.tensors[op.inputs[1]].isConstant else { continue }
            filters[op.inputs[1]] = axis
        }
        self.filters = filters
        activations = graph.inputs + graph.operators.flatMap(\.outputs).filter { graph.tensors[$0].type == .float32 }
        ranges = initial
        sharing = Int8ActivationSharing(graph).sources
        self.momentum = momentum
        self.learnsRanges = learnsRanges
    }

    /// The output SQNR (dB) of the simulated int8 model against the float model on `inputs`
    /// (`batch` samples): how well a set of ranges serves the model, before any training.
    public func outputSQNR(_ model: TrainingGraph, constants: [[Float]], inputs: [[Float]], batch: Int) throws(TrainingError) -> Double {
        let output = model.graph.outputs[0]
        let reference = try model.forward(inputs, constants: constants, batch: batch, training: false).values[output]
        let simulated = try model.forward(inputs, constants: constants, batch: batch, training: false, simulation: self).values[output]
        var signal = 0.0, noise = 0.0
        for (r, q) in zip(reference, simulated) {
            signal += Double(r) * Double(r)
            noise += (Double(r) - Double(q)) * (Double(r) - Double(q))
        }
        return noise == 0 ? .infinity : 10 * log10(signal / Swift.max(noise, .leastNonzeroMagnitude))
    }

    /// The filter as the int8 model holds it, back in float.
    func roundedFilter(_ values: [Float], tensor: Int, shape: [Int]) -> [Float] {
        guard let axis = filters[tensor] else { return values }
        let (data, scales) = WeightQuantizer.perChannel(values, shape: shape, axis: axis)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let channels = shape[axis]
        return data.enumerated().map { i, q in Float(q) * scales[(i / inner) % channels] }
    }

    /// Whether `tensor` has a range of its own (one that calibration, tracking or learning
    /// sets), rather than parameters shared with another tensor or fixed by its kernel.
    func ownsRange(_ tensor: Int) -> Bool {
        (sharing[tensor] ?? .own) == .own
    }

    /// The int8 parameters of `tensor` as the int8 model will have them (nil while the range
    /// they come from is not known yet).
    func quantization(of tensor: Int) -> ActivationQuantization? {
        let range: ClosedRange<Float>?
        switch sharing[tensor] ?? .own {
        case .own: range = ranges[tensor]
        case .sameAs(let source): range = ranges[source]
        case .fixed(let q): return q
        }
        return range.map { ActivationQuantization(low: $0.lowerBound, high: $0.upperBound) }
    }

    /// The values `tensor`'s int8 grid represents, lowest to highest.
    func representable(_ tensor: Int) -> ClosedRange<Float>? {
        quantization(of: tensor).map { q in (Float(-128 - q.zeroPoint) * q.scale)...(Float(127 - q.zeroPoint) * q.scale) }
    }

    /// `values` rounded to `tensor`'s int8 grid (unchanged while it has none).
    func roundedActivation(_ values: [Float], tensor: Int) -> [Float] {
        guard let q = quantization(of: tensor) else { return values }
        let zero = Float(q.zeroPoint)
        return values.map { v in
            let level = Swift.min(Swift.max((v / q.scale).rounded(.toNearestOrAwayFromZero) + zero, -128), 127)
            return (level - zero) * q.scale
        }
    }

    /// The ranges of the tensors that own theirs: what tracking or learning moves.
    var ownRanges: [Int: ClosedRange<Float>] {
        ranges.filter { ownsRange($0.key) }
    }

    /// Sets the ranges that gradient steps learned.
    mutating func setRanges(_ learned: [Int: ClosedRange<Float>]) {
        for (t, range) in learned { ranges[t] = range }
    }

    /// Moves `tensor`'s range towards a batch's observed minimum and maximum.
    mutating func observe(_ tensor: Int, low: Float, high: Float) {
        guard ownsRange(tensor), low.isFinite, high.isFinite, (momentum < 1 && !learnsRanges) || ranges[tensor] == nil else { return }
        guard let old = ranges[tensor] else {
            ranges[tensor] = low...Swift.max(low, high)
            return
        }
        let m = momentum
        let newLow = m * old.lowerBound + (1 - m) * low
        let newHigh = m * old.upperBound + (1 - m) * high
        ranges[tensor] = newLow...Swift.max(newLow, newHigh)
    }
}

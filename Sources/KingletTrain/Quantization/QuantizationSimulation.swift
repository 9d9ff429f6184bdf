import Foundation
import KingletIR
import KingletPasses

/// Quantization-aware training's view of the int8 model: every filter rounded per output
/// channel and every activation rounded to its range, with the quantizer's own rules
/// (`WeightQuantizer.perChannel`, `ActivationQuantization`), so the forward pass sees the
/// int8 model's values. Gradients pass straight through the rounding (the straight-through
/// estimator), and stop where an activation was clipped to its range.
public struct QuantizationSimulation: Sendable {
    /// Per filter tensor, its output-channel axis.
    let filters: [Int: Int]
    /// The activation tensors that are rounded: graph inputs and operator outputs.
    public let activations: [Int]
    /// The current range of each activation.
    public internal(set) var ranges: [Int: ClosedRange<Float>]
    /// How much of the old range a training step keeps (exponential moving average of the
    /// batch minimum and maximum); 1 keeps the ranges fixed (ranges that clip, chosen by a
    /// calibration method, would otherwise drift back to the batches' min/max).
    public let momentum: Float

    /// Ranges start at `initial` (calibration), or at the first batch's range.
    public init(graph: Graph, initial: [Int: ClosedRange<Float>] = [:], momentum: Float = 0.99) {
        var filters: [Int: Int] = [:]
        for op in graph.operators {
            guard op.kind.hasQuantizedWeights, let axis = op.kind.filterChannelAxis, op.inputs.count > 1,
                  op.inputs[1] >= 0, graph.tensors[op.inputs[1]].isConstant else { continue }
            filters[op.inputs[1]] = axis
        }
        self.filters = filters
        activations = graph.inputs + graph.operators.flatMap(\.outputs).filter { graph.tensors[$0].type == .float32 }
        ranges = initial
        self.momentum = momentum
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

    /// `values` rounded to the int8 grid of `tensor`'s range (unchanged while it has none).
    func roundedActivation(_ values: [Float], tensor: Int) -> [Float] {
        guard let range = ranges[tensor] else { return values }
        let q = ActivationQuantization(low: range.lowerBound, high: range.upperBound)
        let zero = Float(q.zeroPoint)
        return values.map { v in
            let level = Swift.min(Swift.max((v / q.scale).rounded(.toNearestOrAwayFromZero) + zero, -128), 127)
            return (level - zero) * q.scale
        }
    }

    /// Moves `tensor`'s range towards a batch's observed minimum and maximum.
    mutating func observe(_ tensor: Int, low: Float, high: Float) {
        guard low.isFinite, high.isFinite, momentum < 1 || ranges[tensor] == nil else { return }
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

import Foundation
import KingletFormat
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
    /// Per bias tensor of a weighted operator, its filter and the operator's input: the int8
    /// model holds it as int32 at input scale × the filter's channel scale.
    let biases: [Int: (filter: Int, input: Int)]
    /// Per output of a weighted operator, its input and filter: the int8 model requantizes it
    /// per channel (last axis) with TFLite's double rounding.
    let weightedOutputs: [Int: (input: Int, filter: Int)]
    /// Per output of a MEAN, its input and how many values each output averages: the int8
    /// MEAN requantizes the sum by input scale / (output scale × count), rounding twice too.
    let meanOutputs: [Int: (input: Int, count: Int)]
    /// The filter tensors rounded to int4 (`WeightQuantizer.perChannelInt4`) rather than int8.
    let int4Filters: Set<Int>
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
    public init(graph: Graph, initial: [Int: ClosedRange<Float>] = [:], momentum: Float = 0.99, learnsRanges: Bool = false,
                int4Filters: Set<Int> = []) {
        var filters: [Int: Int] = [:]
        var biases: [Int: (filter: Int, input: Int)] = [:]
        var weightedOutputs: [Int: (input: Int, filter: Int)] = [:]
        var meanOutputs: [Int: (input: Int, count: Int)] = [:]
        for op in graph.operators {
            if case .mean = op.kind, op.inputs.first.map({ $0 >= 0 }) == true {
                let inputCount = graph.tensors[op.inputs[0]].elementCount, outputCount = graph.tensors[op.outputs[0]].elementCount
                if outputCount > 0 { meanOutputs[op.outputs[0]] = (op.inputs[0], inputCount / outputCount) }
            }
            guard op.kind.hasQuantizedWeights, let axis = op.kind.filterChannelAxis, op.inputs.count > 1,
                  op.inputs[1] >= 0, graph.tensors[op.inputs[1]].isConstant else { continue }
            filters[op.inputs[1]] = axis
            weightedOutputs[op.outputs[0]] = (op.inputs[0], op.inputs[1])
            if op.inputs.count > 2, op.inputs[2] >= 0, graph.tensors[op.inputs[2]].isConstant {
                biases[op.inputs[2]] = (op.inputs[1], op.inputs[0])
            }
        }
        self.filters = filters
        self.biases = biases
        self.weightedOutputs = weightedOutputs
        self.meanOutputs = meanOutputs
        self.int4Filters = int4Filters
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

    /// The filter as the int8 model holds it, back in float, and its channel scales.
    func roundedFilter(_ values: [Float], tensor: Int, shape: [Int]) -> (values: [Float], scales: [Float]) {
        guard let axis = filters[tensor] else { return (values, []) }
        let (data, scales) = WeightQuantizer.perChannel(values, shape: shape, axis: axis, bits: int4Filters.contains(tensor) ? 4 : 8)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let channels = shape[axis]
        return (data.enumerated().map { i, q in Float(q) * scales[(i / inner) % channels] }, scales)
    }

    /// The bias as the int8 model holds it (`WeightQuantizer.bias`: int32 at input scale ×
    /// filter scale), back in float; unchanged while the input has no parameters.
    func roundedBias(_ values: [Float], tensor: Int, filterScales: [Float]) -> [Float] {
        guard let source = biases[tensor], let input = quantization(of: source.input),
              filterScales.count == values.count || filterScales.count == 1 else { return values }
        let levels = WeightQuantizer.bias(values, inputScale: input.scale, weightScales: filterScales)
        return levels.enumerated().map { c, q in
            Float(Double(q) * Double(input.scale) * Double(filterScales[filterScales.count == 1 ? 0 : c]))
        }
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

    /// For the output of a weighted operator (per output channel) or a MEAN, the right shift
    /// of its int8 requantization (`QuantizedMultiplier` of input scale × filter scale /
    /// output scale, or input scale / (output scale × count)): TFLite rounds the product to an
    /// integer first and then shifts right with rounding, so a value is rounded twice. Nil
    /// for other tensors, or while a scale is unknown.
    func requantizationShifts(_ tensor: Int, filterScales: [Int: [Float]]) -> [Int]? {
        func rightShift(_ real: Double) -> Int { Swift.max(0, -Int(QuantizedMultiplier(real).shift)) }
        guard ownsRange(tensor), let output = quantization(of: tensor) else { return nil }
        if let source = weightedOutputs[tensor] {
            guard let input = quantization(of: source.input), let scales = filterScales[source.filter], !scales.isEmpty else { return nil }
            return scales.map { rightShift(Double(input.scale) * Double($0) / Double(output.scale)) }
        }
        if let source = meanOutputs[tensor], let input = quantization(of: source.input) {
            return [rightShift(Double(input.scale) / (Double(output.scale) * Double(source.count)))]
        }
        return nil
    }

    /// `values` rounded to `tensor`'s int8 grid (unchanged while it has none); with `shifts`
    /// (per channel, on the last axis), rounded the int8 kernels' way: first to a multiple of
    /// 2^−shift levels, then to a level.
    func roundedActivation(_ values: [Float], tensor: Int, shifts: [Int]? = nil) -> [Float] {
        guard let q = quantization(of: tensor) else { return values }
        let zero = Float(q.zeroPoint)
        guard let shifts else {
            return values.map { v in
                let level = Swift.min(Swift.max((v / q.scale).rounded(.toNearestOrAwayFromZero) + zero, -128), 127)
                return (level - zero) * q.scale
            }
        }
        let factors = shifts.map { Float(1 << $0) }
        return values.enumerated().map { i, v in
            let factor = factors[i % factors.count]
            let fine = (v / q.scale * factor).rounded(.toNearestOrAwayFromZero)
            let level = Swift.min(Swift.max((fine / factor).rounded(.toNearestOrAwayFromZero) + zero, -128), 127)
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

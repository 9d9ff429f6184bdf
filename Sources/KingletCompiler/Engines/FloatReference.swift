import Foundation
import KingletFormat
import KingletInterpreter
import KingletIR

/// The float model's outputs and activations on a sample set, and how far a compiled int8
/// model's are from them (SQNR, dB).
struct FloatReference {
    let graph: Graph
    let samples: [[[Float]]]
    let runner: BatchedFloatRunner
    /// Float outputs per sample, per model output.
    let outputs: [[[Float]]]

    init(graph: Graph, samples: [[[Float]]]) throws {
        self.graph = graph
        self.samples = samples
        do {
            runner = try BatchedFloatRunner(graph: graph)
            outputs = try runner.run(samples)
        } catch {
            throw CompilerError("\(error)")
        }
    }

    private init(graph: Graph, samples: [[[Float]]], runner: BatchedFloatRunner, outputs: [[[Float]]]) {
        self.graph = graph
        self.samples = samples
        self.runner = runner
        self.outputs = outputs
    }

    /// The same reference restricted to some of its samples (no float run).
    func subset(_ indices: [Int]) -> FloatReference {
        FloatReference(graph: graph, samples: indices.map { samples[$0] }, runner: runner,
                       outputs: indices.map { outputs[$0] })
    }

    /// Per sample, Σ float² and Σ (float − int8)² over all its outputs: the compiled model's
    /// error sample by sample (`RangeMethodChoice` weighs them one by one and pooled).
    func sampleErrors(_ kgl: [UInt8]) throws -> [RangeMethodChoice.SampleError] {
        zip(outputs, try compiledOutputs(kgl)).map { reference, test in
            var signal = 0.0, noise = 0.0
            for (a, b) in zip(reference.joined(), test.joined()) {
                signal += Double(a) * Double(a)
                noise += (Double(a) - Double(b)) * (Double(a) - Double(b))
            }
            return RangeMethodChoice.SampleError(signal: signal, noise: noise)
        }
    }

    static func sqnr(signal: Double, noise: Double) -> Double {
        noise == 0 ? .infinity : 10 * log10(max(signal, .leastNonzeroMagnitude) / noise)
    }

    static func dequantize(_ bytes: [UInt8], _ tensor: KglTensor) -> [Float] {
        switch tensor.type {
        case .int8:
            return bytes.map { Float(Int32(Int8(bitPattern: $0)) - tensor.zeroPoint) * tensor.scale }
        case .int16:
            return stride(from: 0, to: bytes.count - 1, by: 2).map { i in
                Float(Int32(Int16(bitPattern: UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8)) - tensor.zeroPoint) * tensor.scale
            }
        case .float32:
            return stride(from: 0, to: bytes.count - 3, by: 4).map { i in
                Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
            }
        default:
            return []
        }
    }

    /// The model input bytes of a float sample (normalized and quantized for int8 inputs).
    static func inputBytes(_ values: [Float], _ tensor: KglTensor) -> [UInt8] {
        if tensor.type == .float32 {
            return values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) } }
        }
        return Runner.normalized(values, tensor).map { UInt8(bitPattern: Runner.quantize($0, scale: tensor.scale, zeroPoint: tensor.zeroPoint)) }
    }

    /// The compiled model's outputs (dequantized) per sample, per model output, on the C runtime.
    func compiledOutputs(_ kgl: [UInt8]) throws -> [[[Float]]] {
        let model = try KglModel(bytes: kgl)
        var engine = try CEngine(bytes: kgl)
        return try samples.map { inputs in
            for (i, values) in inputs.enumerated() {
                try engine.setInput(i, bytes: Self.inputBytes(values, model.tensors[model.inputs[i]]))
            }
            engine.invoke()
            return model.outputs.indices.map { Self.dequantize(engine.output($0), model.tensors[model.outputs[$0]]) }
        }
    }

    /// Output SQNR of the compiled model over all samples and outputs.
    func outputSQNR(_ kgl: [UInt8]) throws -> Double {
        Self.sqnr(outputs, try compiledOutputs(kgl))
    }

    static func sqnr(_ reference: [[[Float]]], _ test: [[[Float]]]) -> Double {
        var signal = 0.0, noise = 0.0
        for (a, b) in zip(reference.joined().joined(), test.joined().joined()) {
            signal += Double(a) * Double(a)
            noise += (Double(a) - Double(b)) * (Double(a) - Double(b))
        }
        return sqnr(signal: signal, noise: noise)
    }

    /// Share of samples whose first output's argmax is the label.
    static func accuracy(_ outputs: [[[Float]]], labels: [Int]) -> Double {
        let correct = zip(outputs, labels).filter { sample, label in
            guard let first = sample.first, let best = first.indices.max(by: { first[$0] < first[$1] }) else { return false }
            return best == label
        }.count
        return Double(correct) / Double(max(1, labels.count))
    }

    /// Per operator of the compiled model: its output's range and parameters, and the SQNR
    /// against the float activation of the same name (when names are unique).
    func layers(_ kgl: [UInt8], ranges: [Int: ClosedRange<Float>]) throws -> [QuantizationReport.Layer] {
        let model = try KglModel(bytes: kgl)
        var floatByName: [String: Int] = [:]
        var duplicated = Set<String>()
        for op in graph.operators {
            let name = graph.tensors[op.outputs[0]].name
            if floatByName.updateValue(op.outputs[0], forKey: name) != nil { duplicated.insert(name) }
        }
        for name in duplicated { floatByName[name] = nil }
        var signal = [Double](repeating: 0, count: model.operators.count)
        var noise = [Double](repeating: 0, count: model.operators.count)
        let engine = try CEngine(bytes: kgl)
        let compared = Set(floatByName.values)
        // One batch of float activations at a time (bounded memory), then its samples on the C engine.
        for start in stride(from: 0, to: samples.count, by: runner.batchSize) {
            let batch = start..<min(samples.count, start + runner.batchSize)
            var batchActivations = [[Int: [Float]]](repeating: [:], count: batch.count)
            _ = try? runner.run(Array(samples[batch])) { sample, tensor, values in
                if compared.contains(tensor) { batchActivations[sample][tensor] = values }
            }
            for (inputs, activations) in zip(samples[batch], batchActivations) {
                for (i, values) in inputs.enumerated() {
                    try engine.setInput(i, bytes: Self.inputBytes(values, model.tensors[model.inputs[i]]))
                }
                for op in model.operators {
                    engine.invokeOperator(op.index)
                    let tensor = model.tensors[op.outputs[0]]
                    guard let name = tensor.name, let twin = floatByName[name], let reference = activations[twin] else { continue }
                    let ours = Self.dequantize(engine.operatorOutput(op.index, 0), tensor)
                    for (a, b) in zip(reference, ours) {
                        signal[op.index] += Double(a) * Double(a)
                        noise[op.index] += (Double(a) - Double(b)) * (Double(a) - Double(b))
                    }
                }
            }
        }
        return model.operators.map { op in
            let tensor = model.tensors[op.outputs[0]]
            let twin = tensor.name.flatMap { floatByName[$0] }
            let range = twin.flatMap { ranges[$0] }
            let weightBytes = op.inputs.filter { model.tensors[$0].location == .constant }.reduce(0) { $0 + model.tensors[$1].storedByteCount }
            return QuantizationReport.Layer(
                index: op.index, kind: op.kind.description, name: op.name ?? tensor.name ?? "",
                low: range?.lowerBound ?? .nan, high: range?.upperBound ?? .nan, scale: tensor.scale,
                zeroPoint: Int(tensor.zeroPoint),
                sqnr: twin == nil ? nil : Self.sqnr(signal: signal[op.index], noise: noise[op.index]),
                weightBytes: weightBytes)
        }
    }
}

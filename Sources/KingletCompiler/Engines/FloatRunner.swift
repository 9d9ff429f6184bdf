import KingletFloatInterpreter
import KingletInterpreter
import KingletIO
import KingletIR

/// Runs a float graph over a batch with the float reference interpreter: float `.npy` inputs
/// shaped [batch, …input shape] in, float32 `.npy` outputs shaped [batch, …output shape] out.
public enum FloatRunner {
    /// `progress` is called after each sample with (done, total).
    /// Runs the float model of `file` on `inputs`; errors name the model file.
    public static func run(_ file: ModelFile, inputs: [NpyArray],
                           progress: ((Int, Int) -> Void)? = nil) throws -> [NpyArray] {
        do {
            return try run(file.floatGraph(), inputs: inputs, progress: progress)
        } catch let error as CompilerError where error.file == nil {
            throw CompilerError(file: file.path, error.message)
        }
    }

    public static func run(_ graph: Graph, inputs: [NpyArray],
                           progress: ((Int, Int) -> Void)? = nil) throws -> [NpyArray] {
        let interpreter: FloatInterpreter
        do {
            interpreter = try FloatInterpreter(graph: graph)
        } catch {
            throw CompilerError("\(error)")
        }
        let batch = try samples(graph, inputs)
        let total = batch.count
        var outputs = [[Float]](repeating: [], count: graph.outputs.count)
        for (sample, sampleInputs) in batch.enumerated() {
            let results: [[Float]]
            do {
                results = try interpreter.run(sampleInputs)
            } catch {
                throw CompilerError("sample \(sample): \(error)")
            }
            for (index, values) in results.enumerated() { outputs[index] += values }
            progress?(sample + 1, total)
        }
        return try graph.outputs.indices.map { index in
            let shape = [total] + Runner.sampleShape(graph.tensors[graph.outputs[index]].shape)
            return try NpyArray(shape: shape, values: outputs[index])
        }
    }

    /// The `.npy` batches split into samples: sample → model input → float values.
    public static func samples(_ graph: Graph, _ inputs: [NpyArray]) throws -> [[[Float]]] {
        guard inputs.count == graph.inputs.count else {
            throw CompilerError("the model has \(graph.inputs.count) input(s), \(inputs.count) --input file(s) given")
        }
        var batch: Int?
        var perInput: [[Float]] = []
        for (index, array) in inputs.enumerated() {
            let tensor = graph.tensors[graph.inputs[index]]
            let sample = Runner.sampleShape(tensor.shape)
            let count: Int
            if array.shape == tensor.shape && tensor.shape.first == 1 {
                count = 1
            } else if array.shape.count == sample.count + 1 && Array(array.shape.dropFirst()) == sample {
                count = array.shape[0]
            } else {
                throw CompilerError("input \(index): array shape \(array.shape) does not fit the model input '\(tensor.name)' of shape \(tensor.shape); expected [batch] + \(sample)")
            }
            // Float, or 8/16-bit samples (images are often stored as uint8), taken as values.
            guard [.float32, .float64, .int8, .uint8, .int16, .uint16].contains(array.dtype) else {
                throw CompilerError("input \(index) is \(array.dtype); this float model takes float32, float64, int8, uint8, int16 or uint16 values")
            }
            if let batch, batch != count {
                throw CompilerError("input \(index) has \(count) samples, input 0 has \(batch)")
            }
            batch = count
            perInput.append(try array.floatValues())
        }
        let total = batch ?? 1
        return (0..<total).map { sample in
            perInput.enumerated().map { index, values in
                let size = graph.tensors[graph.inputs[index]].elementCount
                return Array(values[(sample * size)..<((sample + 1) * size)])
            }
        }
    }
}

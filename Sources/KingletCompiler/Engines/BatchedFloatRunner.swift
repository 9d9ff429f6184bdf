import KingletFloatInterpreter
import KingletIR
import KingletTrain

/// Runs a float graph over many samples: batches of samples through KingletTrain's forward
/// pass (packed, multi-threaded GEMM), or one sample at a time through the FloatInterpreter
/// for graphs the training engine does not take. Either way `observe` sees, sample by sample
/// and in the interpreter's order, every graph input (normalized) and every operator output.
///
/// The two engines agree to float32 precision, not bit for bit (the interpreter sums in
/// Double). The batched one gives each sample the same values whatever batch it is in (its
/// GEMM sums every element over k in a fixed order), so results do not depend on batching.
public struct BatchedFloatRunner: Sendable {
    public let graph: Graph
    /// Checks the graph (its errors are the interpreter's) and runs what the batched engine refuses.
    let interpreter: FloatInterpreter
    let training: TrainingGraph?
    /// Samples per forward pass; 1 when the interpreter runs.
    public let batchSize: Int
    /// Whether the batched engine runs (false: the interpreter, sample by sample).
    public var isBatched: Bool { training != nil }
    /// Per sample: graph inputs, then operator outputs (the interpreter's observation order).
    private let observed: [Int]
    /// Elements per sample of each tensor.
    private let sampleCounts: [Int]

    /// What one batch's tensors (and im2col scratch) may take.
    static let memoryBudget = 256 << 20
    /// Larger batches gain little once the GEMMs are wide enough to fill the cores.
    static let maxBatch = 64

    /// Why a sample failed: its index and the interpreter's error.
    public struct SampleError: Error, Sendable, CustomStringConvertible {
        public let sample: Int
        public let error: FloatInterpreterError
        public var description: String { error.description }
    }

    /// Throws the FloatInterpreter's error when it refuses the graph. `batched: false` forces
    /// the interpreter (the reference the batched engine is tested against).
    public init(graph: Graph, batched: Bool = true) throws(FloatInterpreterError) {
        interpreter = try FloatInterpreter(graph: graph)
        training = batched ? try? TrainingGraph(graph: graph) : nil
        self.graph = graph
        observed = graph.inputs + graph.operators.map { $0.outputs[0] }
        sampleCounts = graph.tensors.map(\.elementCount)
        batchSize = training == nil ? 1 : Self.batchSize(graph)
    }

    /// The most samples (up to `maxBatch`) whose activations and im2col rows fit `memoryBudget`:
    /// the forward pass keeps every tensor of the batch.
    static func batchSize(_ graph: Graph) -> Int {
        var floats = graph.inputs.reduce(0) { $0 + graph.tensors[$1].elementCount }
        var scratch = 0
        for op in graph.operators {
            let output = graph.tensors[op.outputs[0]]
            floats += output.elementCount
            if case .conv2D = op.kind, op.inputs.count > 1, op.inputs[1] >= 0 {
                let filter = graph.tensors[op.inputs[1]]
                let positions = output.elementCount / max(1, output.shape.last ?? 1)
                scratch = max(scratch, positions * filter.elementCount / max(1, filter.shape.first ?? 1))
            }
        }
        let bytes = max(1, 4 * (floats + scratch))
        return max(1, min(maxBatch, memoryBudget / bytes))
    }

    /// Runs `samples` (sample → graph input → values) and returns each sample's graph outputs.
    /// `observe(sample, tensor, values)` is called for every sample in order, and within a
    /// sample in the interpreter's order; `progress(done)` after each batch. Throws the
    /// interpreter's error for the first sample whose inputs do not fit the graph.
    public func run(_ samples: [[[Float]]],
                    observe: ((_ sample: Int, _ tensor: Int, _ values: [Float]) -> Void)? = nil,
                    progress: ((_ done: Int) -> Void)? = nil) throws(SampleError) -> [[[Float]]] {
        var outputs: [[[Float]]] = []
        outputs.reserveCapacity(samples.count)
        var start = 0
        while start < samples.count {
            let end = min(samples.count, start + batchSize)
            outputs += try runBatch(samples, start..<end, observe: observe)
            progress?(end)
            start = end
        }
        return outputs
    }

    private func runBatch(_ samples: [[[Float]]], _ range: Range<Int>,
                          observe: ((Int, Int, [Float]) -> Void)?) throws(SampleError) -> [[[Float]]] {
        let fits = { (sample: [[Float]]) in
            sample.count == graph.inputs.count
                && zip(sample, graph.inputs).allSatisfy { $0.count == sampleCounts[$1] }
        }
        guard let training, range.allSatisfy({ fits(samples[$0]) }) else {
            return try range.map { (s) throws(SampleError) in try interpret(samples[s], index: s, observe: observe) }
        }
        let batch = range.count
        let inputs = graph.inputs.indices.map { i in
            var joined: [Float] = []
            joined.reserveCapacity(batch * sampleCounts[graph.inputs[i]])
            for s in range { joined += samples[s][i] }
            return joined
        }
        guard let pass = try? training.forward(inputs, constants: training.constants, batch: batch, training: false),
              (observed + graph.outputs).allSatisfy({ [sampleCounts[$0], batch * sampleCounts[$0]].contains(pass.values[$0].count) })
        else {
            // Not expected (inputs were checked); the interpreter is always right.
            return try range.map { (s) throws(SampleError) in try interpret(samples[s], index: s, observe: observe) }
        }
        // Sample b's block of tensor t; a tensor computed once (from constants only) is every sample's.
        func values(_ t: Int, _ b: Int) -> [Float] {
            let n = sampleCounts[t], all = pass.values[t]
            return all.count == n ? all : Array(all[(b * n)..<((b + 1) * n)])
        }
        if let observe {
            for b in 0..<batch {
                for t in observed { observe(range.lowerBound + b, t, values(t, b)) }
            }
        }
        return (0..<batch).map { b in graph.outputs.map { values($0, b) } }
    }

    private func interpret(_ sample: [[Float]], index: Int,
                           observe: ((Int, Int, [Float]) -> Void)?) throws(SampleError) -> [[Float]] {
        do {
            guard let observe else { return try interpreter.run(sample) }
            return try interpreter.run(sample) { observe(index, $0, $1) }
        } catch {
            throw SampleError(sample: index, error: error)
        }
    }
}
